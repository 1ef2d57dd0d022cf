package dev.moim.common;

import java.util.List;
import java.util.stream.Collectors;

import dev.moim.config.MoimProperties;
import org.apache.catalina.util.NetMask;
import org.apache.catalina.valves.RemoteIpValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Believes {@code X-Forwarded-For} (and {@code X-Forwarded-Proto}) only from the reverse proxies named in
 * {@code moim.http.trusted-proxies}, using Tomcat's own {@link RemoteIpValve}: it walks the header from the right,
 * skipping trusted proxies, and takes the first address that is not one as the client's. With no trusted proxy the
 * headers are ignored, so a client cannot pick the address its per-IP limits are counted by.
 * Spring Boot's {@code server.forward-headers-strategy} is set to {@code none} so that this stays the one switch.
 */
@Component
class TrustedProxies implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    private final List<String> proxies;

    TrustedProxies(MoimProperties properties) {
        List<String> configured = properties.http().trustedProxies();
        this.proxies = configured == null ? List.of()
                : configured.stream().map(String::strip).filter(p -> !p.isEmpty()).toList();
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        if (proxies.isEmpty()) {
            return;
        }
        RemoteIpValve valve = new RemoteIpValve();
        valve.setRemoteIpHeader("X-Forwarded-For");
        valve.setProtocolHeader("X-Forwarded-Proto");
        valve.setInternalProxies(proxies.stream().map(TrustedProxies::cidr).collect(Collectors.joining(",")));
        factory.addEngineValves(valve);
    }

    /** Tomcat reads the list as CIDR ranges only when every entry has a mask; a bare address is its own range. */
    private static String cidr(String proxy) {
        String range = proxy.contains("/") ? proxy : proxy + (proxy.contains(":") ? "/128" : "/32");
        try {
            if (!range.matches("[0-9A-Fa-f:.]+/[0-9]{1,3}")) {
                // Not a literal: NetMask would look a host name up, and a proxy list must not depend on DNS.
                throw new IllegalArgumentException("not a literal address");
            }
            new NetMask(range);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("moim.http.trusted-proxies: '" + proxy
                    + "' is not an IP address or CIDR range", e);
        }
        return range;
    }
}
