package org.openvin.certificate.internal;

import org.openvin.vaccination.DoseRecorded;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Puts a recorded dose on {@code certificate_queue} inside the dose's own transaction (a plain,
 * synchronous listener: the dose and its place in the queue commit or vanish together), and wakes
 * this node's issuers once it commits. This replaces a module event per dose: the queue is drained
 * many doses per transaction, and survives a crash as the dose does.
 */
@Component
class CertificateQueue {

    private final JdbcClient jdbc;
    private final CertificateIssuers issuers;

    CertificateQueue(JdbcClient jdbc, CertificateIssuers issuers) {
        this.jdbc = jdbc;
        this.issuers = issuers;
    }

    @EventListener
    void on(DoseRecorded dose) {
        jdbc.sql("INSERT INTO certificate_queue (vaccination_id) VALUES (?) ON CONFLICT DO NOTHING")
                .param(dose.vaccinationId()).update();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    issuers.wake();
                }
            });
        } else {
            issuers.wake();
        }
    }
}
