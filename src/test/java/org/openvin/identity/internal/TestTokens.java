package org.openvin.identity.internal;

import org.springframework.context.ApplicationContext;

/** Citizen tokens minted without the OTP round, for load programs that need thousands of logged-in citizens. */
public final class TestTokens {

    private TestTokens() {
    }

    public static String citizen(ApplicationContext context, long accountId) {
        return context.getBean(Tokens.class).citizenToken(accountId);
    }
}
