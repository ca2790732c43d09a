package org.openvin.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openvin.OpenVinTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

/** The write buffer is read back from the running connector, not from our configuration. */
@OpenVinTest
class SocketBuffersTest {

    @Autowired
    WebServerApplicationContext context;

    @Test
    void theRunningConnectorWritesThroughA32KilobyteDirectBufferAndQueuesABurst() {
        var connector = ((TomcatWebServer) context.getWebServer()).getTomcat().getConnector();
        assertThat(String.valueOf(connector.getProperty("socket.appWriteBufSize"))).isEqualTo("32768");
        assertThat(String.valueOf(connector.getProperty("socket.directBuffer"))).isEqualTo("true");
        // A storm's first burst waits in the listen backlog rather than in SYN retransmissions.
        assertThat(String.valueOf(connector.getProperty("acceptCount"))).isEqualTo("1024");
    }
}
