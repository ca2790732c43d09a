package org.openvin.platform;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/**
 * Tomcat writes a response to the socket in pieces of its per-connection write buffer, 8 KB by
 * default: a 40 KB availability answer (the public search's average) took five system calls. A
 * larger buffer writes it in one or two. The buffers are direct (off the heap): a heap buffer is
 * copied once more into a temporary direct one by the JDK on every socket write, and answers are
 * most of the bytes this server writes. They are held per open connection, so the bound is
 * connections × (8 KB read + the write size), 8,192 connections × 40 KB = 320 MB of direct memory
 * at worst; set {@code openvin.http.socket-write-buffer} lower for nodes that keep many idle
 * connections.
 */
@Configuration(proxyBeanMethods = false)
class SocketBuffers {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> socketWriteBuffer(
            @Value("${openvin.http.socket-write-buffer:32KB}") DataSize size) {
        return factory -> factory.addConnectorCustomizers(connector -> {
            connector.setProperty("socket.appWriteBufSize", String.valueOf(size.toBytes()));
            connector.setProperty("socket.directBuffer", "true");
        });
    }
}
