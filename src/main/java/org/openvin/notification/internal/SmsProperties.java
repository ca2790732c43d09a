package org.openvin.notification.internal;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code openvin.sms.*}: which gateway sends the outbox's messages and how hard the dispatcher
 * tries. README.md ("SMS") lists the keys.
 *
 * @param gateway {@code log} (demo mode: the demo phone), {@code smpp} or {@code http}
 * @param poll how often each node looks for due messages besides being woken after a commit
 * @param batch rows claimed at once by one node
 * @param concurrency messages one node hands to the gateway at the same time
 * @param claimLease how long a claimed row stays with its node before another may try it (a node
 *                   that died mid-send); longer than the gateway's own timeouts
 * @param retryInitial first back-off after a failed attempt, doubled each attempt
 * @param retryMax longest back-off
 * @param giveUpAfter a message without expiry still not sent this long after it was queued fails
 * @param keep settled rows are deleted this long after they were queued
 */
@ConfigurationProperties("openvin.sms")
public record SmsProperties(
        @DefaultValue("log") String gateway,
        @DefaultValue("1s") Duration poll,
        @DefaultValue("50") int batch,
        @DefaultValue("8") int concurrency,
        @DefaultValue("60s") Duration claimLease,
        @DefaultValue("2s") Duration retryInitial,
        @DefaultValue("5m") Duration retryMax,
        @DefaultValue("24h") Duration giveUpAfter,
        @DefaultValue("30d") Duration keep,
        @DefaultValue Smpp smpp,
        @DefaultValue Http http) {

    /** An SMPP 3.4 account at a telco's or aggregator's SMSC. */
    public record Smpp(
            @DefaultValue("localhost") String host,
            @DefaultValue("2775") int port,
            @DefaultValue("") String systemId,
            @DefaultValue("") String password,
            @DefaultValue("") String systemType,
            @DefaultValue("transceiver") String bindType,
            @DefaultValue("OpenVIN") String sourceAddress,
            @DefaultValue("5") byte sourceTon,
            @DefaultValue("0") byte sourceNpi,
            @DefaultValue("true") boolean registeredDelivery,
            @DefaultValue("10s") Duration timeout,
            @DefaultValue("30s") Duration enquireLink,
            @DefaultValue("5s") Duration reconnectDelay) {
    }

    /**
     * A provider's HTTPS API. The body template's {@code {mobile}}, {@code {msisdn}} (country
     * calling code and number, no plus), {@code {text}} and {@code {id}} are replaced JSON-escaped.
     */
    public record Http(
            URI url,
            @DefaultValue("Authorization") String authHeader,
            @DefaultValue("") String authValue,
            @DefaultValue("{\"to\":\"{msisdn}\",\"text\":\"{text}\",\"reference\":\"{id}\"}") String bodyTemplate,
            @DefaultValue("application/json") String contentType,
            @DefaultValue("") String messageIdPointer,
            @DefaultValue("5s") Duration connectTimeout,
            @DefaultValue("10s") Duration timeout) {
    }
}
