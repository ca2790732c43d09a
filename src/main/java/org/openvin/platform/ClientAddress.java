package org.openvin.platform;

import jakarta.servlet.http.HttpServletRequest;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * The address every per-address limit counts a request against (public search, booking attempts,
 * OTP sends, staff sign-in waits). It is the connection's peer, or the address a trusted proxy
 * names in {@code X-Forwarded-For}: Tomcat's RemoteIpValve reads that header only when the peer
 * matches {@code openvin.trusted-proxies} (none by default), so a client cannot name itself a new
 * address per request. An IPv6 client counts by its /64, the block one subscriber is given, so
 * it cannot draw a fresh address from it either.
 */
public final class ClientAddress {

    private ClientAddress() {
    }

    public static String of(HttpServletRequest request) {
        return of(request.getRemoteAddr());
    }

    static String of(String remoteAddress) {
        if (remoteAddress == null || remoteAddress.indexOf(':') < 0) {
            return remoteAddress;
        }
        try {
            // An IP literal (the servlet container's own text): parsed without any name look-up.
            InetAddress address = InetAddress.getByName(remoteAddress);
            if (!(address instanceof Inet6Address) || address.isLoopbackAddress()) {
                return address.getHostAddress();
            }
            byte[] network = Arrays.copyOf(address.getAddress(), 16);
            Arrays.fill(network, 8, 16, (byte) 0);
            return InetAddress.getByAddress(network).getHostAddress() + "/64";
        } catch (UnknownHostException e) {
            return remoteAddress;
        }
    }
}
