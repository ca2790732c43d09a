package org.openvin.notification;

/** Sends one SMS. Implementations must not log the text: it may hold an OTP. */
public interface SmsGateway {

    void send(String mobile, String text);
}
