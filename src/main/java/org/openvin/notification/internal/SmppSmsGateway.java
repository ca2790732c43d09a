package org.openvin.notification.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.AlertNotification;
import org.jsmpp.bean.Alphabet;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DataCoding;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.DeliveryReceipt;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GeneralDataCoding;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.SMSCDeliveryReceipt;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.extra.SessionState;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.SMPPSession;
import org.jsmpp.session.Session;
import org.jsmpp.util.InvalidDeliveryReceiptException;
import org.openvin.notification.SmsGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SMPP 3.4 to a telco's or aggregator's SMSC, with jSMPP: one session bound as transceiver (or
 * transmitter), submit_sm with a delivery receipt requested, receipts (deliver_sm) recorded on the
 * outbox row. A lost session is bound again in the background every {@code reconnect-delay}, and
 * a send while unbound tries to bind at once (but not more often than that delay), so an SMSC
 * outage costs the dispatcher a quick failure and a retry, not a hang.
 */
class SmppSmsGateway implements SmsGateway, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SmppSmsGateway.class);

    /** SMSC answers that will not change on a retry. */
    private static final Set<Integer> PERMANENT = Set.of(SMPPConstant.STAT_ESME_RINVMSGLEN,
            SMPPConstant.STAT_ESME_RINVSRCADR, SMPPConstant.STAT_ESME_RINVDSTADR, SMPPConstant.STAT_ESME_RINVSRCTON,
            SMPPConstant.STAT_ESME_RINVSRCNPI, SMPPConstant.STAT_ESME_RINVDSTTON, SMPPConstant.STAT_ESME_RINVDSTNPI);
    /** One short_message holds 140 octets; longer texts go in the message_payload parameter. */
    private static final int SHORT_MESSAGE_OCTETS = 140;

    private final SmsProperties.Smpp config;
    private final String callingCode;
    private final DeliveryReports reports;
    private final ReentrantLock binding = new ReentrantLock();
    private final AtomicBoolean reconnecting = new AtomicBoolean();

    private volatile SMPPSession session;
    private volatile Instant lastBindFailure = Instant.EPOCH;
    private volatile boolean closed;

    SmppSmsGateway(SmsProperties.Smpp config, String countryCallingCode, DeliveryReports reports) {
        this.config = config;
        this.callingCode = countryCallingCode == null ? "" : countryCallingCode.replaceAll("[^0-9]", "");
        this.reports = reports;
    }

    @Override
    public String name() {
        return "smpp";
    }

    /** Binds in the background, so receipts for messages sent before a restart come in. */
    void start() {
        reconnectInBackground();
    }

    @Override
    public String send(Message message) throws Exception {
        SMPPSession bound = boundSession();
        boolean plain = isPlainGsm(message.text());
        byte[] octets = message.text().getBytes(plain ? StandardCharsets.US_ASCII : StandardCharsets.UTF_16BE);
        DataCoding coding = new GeneralDataCoding(plain ? Alphabet.ALPHA_DEFAULT : Alphabet.ALPHA_UCS2);
        boolean payload = octets.length > SHORT_MESSAGE_OCTETS;
        try {
            return bound.submitShortMessage(null,
                    TypeOfNumber.valueOf(config.sourceTon()), NumberingPlanIndicator.valueOf(config.sourceNpi()),
                    config.sourceAddress(),
                    TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, callingCode + message.mobile(),
                    new ESMClass(), (byte) 0, (byte) 1, null, null,
                    new RegisteredDelivery(config.registeredDelivery() ? SMSCDeliveryReceipt.SUCCESS_FAILURE
                            : SMSCDeliveryReceipt.DEFAULT),
                    (byte) 0, coding, (byte) 0, payload ? new byte[0] : octets,
                    payload ? new OptionalParameter[]{new OptionalParameter.OctetString(
                            OptionalParameter.Tag.MESSAGE_PAYLOAD.code(), octets)} : new OptionalParameter[0])
                    .getMessageId();
        } catch (NegativeResponseException e) {
            if (PERMANENT.contains(e.getCommandStatus())) {
                throw new Refused("SMSC command status 0x" + Integer.toHexString(e.getCommandStatus()));
            }
            throw e;
        }
    }

    /**
     * Letters, digits and common punctuation are the same octets in ASCII and the GSM default
     * alphabet; anything else (Devanagari, accents, '@', '_', '$') goes as UCS-2.
     */
    static boolean isPlainGsm(String text) {
        return text.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || " \n\r.,:;!?'\"()+-*/%#&=<>".indexOf(c) >= 0);
    }

    private SMPPSession boundSession() throws IOException {
        SMPPSession current = session;
        if (current != null && current.getSessionState().isBound()) {
            return current;
        }
        binding.lock();
        try {
            current = session;
            if (current != null && current.getSessionState().isBound()) {
                return current;
            }
            if (Instant.now().isBefore(lastBindFailure.plus(config.reconnectDelay()))) {
                throw new IOException("not bound to the SMSC at " + config.host() + ":" + config.port());
            }
            return bind();
        } finally {
            binding.unlock();
        }
    }

    private SMPPSession bind() throws IOException {
        if (closed) {
            throw new IOException("SMPP gateway closed");
        }
        SMPPSession fresh = new SMPPSession();
        fresh.setTransactionTimer(config.timeout().toMillis());
        fresh.setEnquireLinkTimer((int) config.enquireLink().toMillis());
        fresh.setMessageReceiverListener(new Receipts());
        fresh.addSessionStateListener(this::onStateChange);
        BindType type = "transmitter".equalsIgnoreCase(config.bindType()) ? BindType.BIND_TX : BindType.BIND_TRX;
        try {
            fresh.connectAndBind(config.host(), config.port(), new BindParameter(type, config.systemId(),
                    config.password(), config.systemType(), TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, null),
                    config.timeout().toMillis());
        } catch (IOException e) {
            lastBindFailure = Instant.now();
            fresh.unbindAndClose();
            throw new IOException("cannot bind to the SMSC at " + config.host() + ":" + config.port() + ": " + e.getMessage(), e);
        }
        session = fresh;
        log.info("Bound to the SMSC at {}:{} as {} ({})", config.host(), config.port(), config.systemId(), type);
        return fresh;
    }

    private void onStateChange(SessionState newState, SessionState oldState, Session source) {
        if (newState == SessionState.CLOSED && source == session && !closed) {
            log.warn("The SMPP session to {}:{} was lost; binding again", config.host(), config.port());
            session = null;
            reconnectInBackground();
        }
    }

    private void reconnectInBackground() {
        if (!reconnecting.compareAndSet(false, true)) {
            return;
        }
        Thread.ofVirtual().name("smpp-reconnect").start(() -> {
            try {
                while (!closed) {
                    try {
                        boundSession();
                        return;
                    } catch (IOException e) {
                        Thread.sleep(config.reconnectDelay());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                reconnecting.set(false);
            }
        });
    }

    @Override
    public void close() {
        closed = true;
        SMPPSession current = session;
        if (current != null) {
            current.unbindAndClose();
        }
    }

    /** Delivery receipts from the SMSC; messages from phones are not OpenVIN's business and are only acknowledged. */
    private final class Receipts implements MessageReceiverListener {

        @Override
        public void onAcceptDeliverSm(DeliverSm deliverSm) {
            if (!deliverSm.isSmscDeliveryReceipt()) {
                return;
            }
            try {
                DeliveryReceipt receipt = deliverSm.getShortMessageAsDeliveryReceipt();
                OptionalParameter receipted = deliverSm.getOptionalParameter(OptionalParameter.Tag.RECEIPTED_MESSAGE_ID);
                String id = receipted instanceof OptionalParameter.OctetString s ? s.getValueAsString().trim() : receipt.getId();
                switch (receipt.getFinalStatus()) {
                    case DELIVRD -> reports.record(name(), id, true, "DELIVRD");
                    case UNDELIV, EXPIRED, REJECTD, DELETED ->
                            reports.record(name(), id, false, receipt.getFinalStatus() + " err " + receipt.getError());
                    default -> {
                        // ENROUTE, ACCEPTD, UNKNOWN: not final, a later receipt will say
                    }
                }
            } catch (InvalidDeliveryReceiptException e) {
                log.warn("Unreadable delivery receipt from the SMSC"); // its text may quote the message
            }
        }

        @Override
        public void onAcceptAlertNotification(AlertNotification alertNotification) {
        }

        @Override
        public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) throws ProcessRequestException {
            throw new ProcessRequestException("data_sm is not handled", SMPPConstant.STAT_ESME_RX_R_APPN);
        }
    }
}
