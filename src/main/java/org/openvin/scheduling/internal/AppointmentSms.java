package org.openvin.scheduling.internal;

import java.util.Collection;
import java.util.Locale;
import org.openvin.identity.Beneficiaries;
import org.openvin.notification.SmsGateway;
import org.openvin.profile.CountryProfile;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The SMS about an appointment, in the account's language (the country's default until the
 * citizen chose one), sent only once the change it reports is committed.
 */
@Component
class AppointmentSms {

    private final Beneficiaries beneficiaries;
    private final SmsGateway sms;
    private final MessageSource messages;
    private final CountryProfile profile;

    AppointmentSms(Beneficiaries beneficiaries, SmsGateway sms, MessageSource messages, CountryProfile profile) {
        this.beneficiaries = beneficiaries;
        this.sms = sms;
        this.messages = messages;
        this.profile = profile;
    }

    /** Writes the message {@code key} (of the messages bundle) with its arguments, all text, to each account. */
    void afterCommit(Collection<Long> accountIds, String key, String... args) {
        record Text(String mobile, String text) {
        }
        var texts = accountIds.stream().distinct()
                .flatMap(account -> beneficiaries.contactOf(account).stream())
                .map(contact -> new Text(contact.mobile(), messages.getMessage(key, args, Locale.forLanguageTag(
                        contact.language() != null && profile.languages().contains(contact.language())
                                ? contact.language() : profile.defaultLanguage()))))
                .toList();
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                texts.forEach(t -> sms.send(t.mobile(), t.text()));
            }
        });
    }
}
