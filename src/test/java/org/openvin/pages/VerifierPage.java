package org.openvin.pages;

import org.openvin.Browser;

/** The verifier page as a test sees it: paste a QR text, read the verdict. */
record VerifierPage(Browser browser) {

    void awaitKeys() {
        browser.waitUntil("the verifier's keys loaded",
                b -> Boolean.TRUE.equals(b.js("return localStorage.getItem('openvin-verifier-keys') !== null"
                        + " && document.querySelector('#keys-note').textContent !== '';")));
    }

    void awaitServiceWorker() {
        browser.waitUntil("the verifier's service worker active",
                b -> Boolean.TRUE.equals(b.js("return !!navigator.serviceWorker.controller;")));
    }

    void verify(String qrText) {
        browser.js("document.querySelector('#result').hidden = true; document.querySelector('#payload').value = arguments[0];", qrText);
        browser.find("#verify-form button[type=submit]").click();
        browser.waitUntil("a verdict", b -> !b.all("#result:not([hidden]) #verdict").isEmpty());
    }

    String verdict() {
        return browser.text("#verdict");
    }

    String holder() {
        return browser.text("#holder");
    }
}
