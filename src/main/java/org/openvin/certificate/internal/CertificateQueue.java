package org.openvin.certificate.internal;

import java.util.Map;
import org.openvin.platform.StatementPart;
import org.openvin.vaccination.DoseRecorded;
import org.openvin.vaccination.WrittenWithDose;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Puts a recorded dose on {@code certificate_queue} in the dose's own statement (the dose and its
 * place in the queue commit or vanish together), and wakes this node's issuers once it commits.
 * The queue is drained many doses per transaction, and survives a crash as the dose does.
 */
@Component
class CertificateQueue implements WrittenWithDose {

    private final CertificateIssuers issuers;

    CertificateQueue(CertificateIssuers issuers) {
        this.issuers = issuers;
    }

    @Override
    public StatementPart writeIn(String source, DoseRecorded dose) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    issuers.wake();
                }
            });
        }
        return new StatementPart("""
                INSERT INTO certificate_queue (vaccination_id)
                SELECT :cert_vaccination::uuid""" + StatementPart.whenRowIn(source) + " ON CONFLICT DO NOTHING",
                Map.of("cert_vaccination", dose.vaccinationId()));
    }
}
