package org.openvin.notification;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.BroadcastSm;
import org.jsmpp.bean.CancelBroadcastSm;
import org.jsmpp.bean.CancelSm;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliveryReceipt;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GSMSpecificFeature;
import org.jsmpp.bean.GeneralDataCoding;
import org.jsmpp.bean.MessageMode;
import org.jsmpp.bean.MessageType;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.QueryBroadcastSm;
import org.jsmpp.bean.QuerySm;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.ReplaceSm;
import org.jsmpp.bean.SubmitMulti;
import org.jsmpp.bean.SubmitSm;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.session.BindRequest;
import org.jsmpp.session.BroadcastSmResult;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.QueryBroadcastSmResult;
import org.jsmpp.session.QuerySmResult;
import org.jsmpp.session.SMPPServerSession;
import org.jsmpp.session.SMPPServerSessionListener;
import org.jsmpp.session.ServerMessageReceiverListener;
import org.jsmpp.session.Session;
import org.jsmpp.session.SubmitMultiResult;
import org.jsmpp.session.SubmitSmResult;
import org.jsmpp.util.DeliveryReceiptState;
import org.jsmpp.util.RandomMessageIDGenerator;

/**
 * A small SMSC for tests, on jSMPP's server side: accepts binds with one system id and password,
 * takes submit_sm, remembers what it was given, and sends delivery receipts on demand.
 */
final class Smsc implements AutoCloseable {

    record Submitted(String messageId, String destination, String text, boolean receiptRequested) {
    }

    static final String SYSTEM_ID = "openvin";
    static final String PASSWORD = "s3cret";

    private final SMPPServerSessionListener listener;
    private final List<SMPPServerSession> sessions = new CopyOnWriteArrayList<>();
    private final List<Submitted> submitted;
    private final RandomMessageIDGenerator ids = new RandomMessageIDGenerator();
    private volatile boolean open = true;

    /** Starts on that port; {@code submitted} is kept by the caller across restarts of the SMSC. */
    Smsc(int port, List<Submitted> submitted) throws IOException {
        this.submitted = submitted;
        this.listener = new SMPPServerSessionListener(port);
        listener.setTimeout(200);
        listener.setMessageReceiverListener(new Receiver());
        Thread.ofVirtual().name("test-smsc").start(this::acceptLoop);
    }

    private void acceptLoop() {
        while (open) {
            try {
                SMPPServerSession session = listener.accept();
                BindRequest bind = session.waitForBind(5_000);
                if (SYSTEM_ID.equals(bind.getSystemId()) && PASSWORD.equals(bind.getPassword())) {
                    bind.accept("test-smsc");
                    sessions.add(session);
                } else {
                    bind.reject(SMPPConstant.STAT_ESME_RINVPASWD);
                }
            } catch (SocketTimeoutException e) {
                // look at open again
            } catch (Exception e) {
                if (open) {
                    e.printStackTrace();
                }
            }
        }
    }

    /** Tells OpenVIN what became of a message, as an operator's SMSC does. */
    void receipt(Submitted message, DeliveryReceiptState state) throws Exception {
        String body = new DeliveryReceipt(message.messageId(), 1, state == DeliveryReceiptState.DELIVRD ? 1 : 0,
                new Date(), new Date(), state, "000", "").toString();
        sessions.getLast().deliverShortMessage(null, TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN,
                message.destination(), TypeOfNumber.ALPHANUMERIC, NumberingPlanIndicator.UNKNOWN, "OpenVIN",
                new ESMClass(MessageMode.DEFAULT, MessageType.SMSC_DEL_RECEIPT, GSMSpecificFeature.DEFAULT),
                (byte) 0, (byte) 0, new RegisteredDelivery(0), GeneralDataCoding.DEFAULT,
                body.getBytes(StandardCharsets.US_ASCII));
    }

    /** An outage: the listener and every bound session go away. */
    @Override
    public void close() throws IOException {
        open = false;
        listener.close();
        sessions.forEach(SMPPServerSession::unbindAndClose);
    }

    private final class Receiver implements ServerMessageReceiverListener {

        @Override
        public SubmitSmResult onAcceptSubmitSm(SubmitSm submit, SMPPServerSession source) {
            byte[] octets = submit.getShortMessage();
            if (octets == null || octets.length == 0) {
                OptionalParameter payload = submit.getOptionalParameter(OptionalParameter.Tag.MESSAGE_PAYLOAD);
                octets = ((OptionalParameter.OctetString) payload).getValue();
            }
            String text = new String(octets, submit.getDataCoding() == 0x08 ? StandardCharsets.UTF_16BE : StandardCharsets.US_ASCII);
            var messageId = ids.newMessageId();
            submitted.add(new Submitted(messageId.getValue(), submit.getDestAddress(), text,
                    (submit.getRegisteredDelivery() & 0x03) != 0));
            return new SubmitSmResult(messageId, new OptionalParameter[0]);
        }

        @Override
        public SubmitMultiResult onAcceptSubmitMulti(SubmitMulti submitMulti, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }

        @Override
        public QuerySmResult onAcceptQuerySm(QuerySm querySm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }

        @Override
        public void onAcceptReplaceSm(ReplaceSm replaceSm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }

        @Override
        public void onAcceptCancelSm(CancelSm cancelSm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }

        @Override
        public BroadcastSmResult onAcceptBroadcastSm(BroadcastSm broadcastSm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }

        @Override
        public void onAcceptCancelBroadcastSm(CancelBroadcastSm cancelBroadcastSm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }

        @Override
        public QueryBroadcastSmResult onAcceptQueryBroadcastSm(QueryBroadcastSm queryBroadcastSm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }

        @Override
        public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) throws ProcessRequestException {
            throw new ProcessRequestException("not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }
    }
}
