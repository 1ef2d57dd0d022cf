package dev.moim.common;

import java.net.InetAddress;
import java.net.UnknownHostException;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The address per-client limits are counted by. It is the request's remote address, which {@link TrustedProxies}
 * has already replaced with the client's when a trusted reverse proxy forwarded the request.
 */
public final class ClientAddress {

    private ClientAddress() {
    }

    /**
     * IPv4 addresses count one by one. An IPv6 client usually holds a whole /64 and could hop within it at will,
     * so IPv6 addresses count by their /64.
     */
    public static String of(HttpServletRequest request) {
        String address = request.getRemoteAddr();
        if (address == null || address.isEmpty()) {
            return "unknown";
        }
        if (address.indexOf(':') < 0 || !address.matches("[0-9A-Fa-f:.]+")) {
            return address;
        }
        try {
            // An IPv6 literal: parsed without any name lookup.
            byte[] bytes = InetAddress.getByName(address).getAddress();
            if (bytes.length != 16) {
                return address;
            }
            StringBuilder prefix = new StringBuilder();
            for (int i = 0; i < 8; i += 2) {
                prefix.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
            }
            return prefix.append(":/64").toString();
        } catch (UnknownHostException e) {
            return address;
        }
    }
}
