package org.openvin.scheduling.internal;

import java.util.Collection;
import java.util.Locale;
import org.openvin.identity.Beneficiaries;
import org.openvin.notification.OutgoingSms;
import org.openvin.notification.SmsOutbox;
import org.openvin.platform.StatementPart;
import org.openvin.profile.CountryProfile;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * The SMS about an appointment, in the account's language (the country's default until the
 * citizen chose one), queued in the transaction of the change it reports: sent once that commits,
 * never for a change rolled back.
 */
@Component
class AppointmentSms {

    private final Beneficiaries beneficiaries;
    private final SmsOutbox sms;
    private final MessageSource messages;
    private final CountryProfile profile;

    AppointmentSms(Beneficiaries beneficiaries, SmsOutbox sms, MessageSource messages, CountryProfile profile) {
        this.beneficiaries = beneficiaries;
        this.sms = sms;
        this.messages = messages;
        this.profile = profile;
    }

    /** Queues the message {@code key} (of the messages bundle) with its arguments, all text, to each account. */
    void queue(Collection<Long> accountIds, String key, String... args) {
        accountIds.stream().distinct()
                .flatMap(account -> beneficiaries.contactOf(account).stream())
                .map(contact -> message(contact, key, args))
                .forEach(sms::enqueue);
    }

    /**
     * The same message to a contact the caller already read (a booking reads it with everything
     * else it needs), queued by the caller's own statement: see {@link SmsOutbox#enqueueIn}.
     */
    StatementPart queueIn(String source, Beneficiaries.Contact contact, String key, String... args) {
        return sms.enqueueIn(source, message(contact, key, args));
    }

    private OutgoingSms message(Beneficiaries.Contact contact, String key, String... args) {
        return new OutgoingSms(contact.mobile(), messages.getMessage(key, args, Locale.forLanguageTag(
                contact.language() != null && profile.languages().contains(contact.language())
                        ? contact.language() : profile.defaultLanguage())), OutgoingSms.Kind.APPOINTMENT, null, null);
    }
}
