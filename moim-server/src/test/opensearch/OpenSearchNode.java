import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.codelibs.opensearch.runner.OpenSearchRunner;
import org.opensearch.http.HttpServerTransport;

/**
 * One OpenSearch node with the analysis-nori plugin, for Moim's tests; compiled and run by {@code EmbeddedOpenSearch}
 * in a JVM of its own, on OpenSearch's own classpath ({@code target/opensearch-node/classpath.txt}). It is not one of
 * the test classes, which live on Moim's classpath.
 *
 * <p>Arguments: the node's home directory and the file to write its HTTP port to once it is up. The node listens
 * on 127.0.0.1 only, on ports the system picks, and stops when its standard input closes, which is when the JVM
 * that started it ends, however it ends.
 */
public final class OpenSearchNode {

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]);
        Path portFile = Path.of(args[1]);
        OpenSearchRunner runner = new OpenSearchRunner();
        runner.onBuild((number, settings) -> {
            settings.put("network.host", "127.0.0.1");
            settings.put("http.host", "127.0.0.1");
            settings.put("transport.host", "127.0.0.1");
            settings.put("http.port", "0");
            settings.put("transport.port", "0");
            // A nearly full disk would otherwise turn the tests' writes into read-only errors.
            settings.put("cluster.routing.allocation.disk.threshold_enabled", "false");
        }).build(OpenSearchRunner.newConfigs()
                .basePath(home.toString())
                .clusterName("moim-test")
                .numOfNode(1)
                .pluginTypes("org.opensearch.plugin.analysis.nori.AnalysisNoriPlugin"));
        runner.ensureYellow();
        int port = runner.node().injector().getInstance(HttpServerTransport.class).boundAddress().publishAddress().getPort();
        Path written = Files.writeString(portFile.resolveSibling(portFile.getFileName() + ".tmp"), Integer.toString(port));
        Files.move(written, portFile, StandardCopyOption.ATOMIC_MOVE);
        System.out.println("OpenSearch node up at http://127.0.0.1:" + port);

        awaitEndOf(System.in);
        runner.close();
        System.exit(0);
    }

    private static void awaitEndOf(InputStream in) {
        try {
            while (in.read() >= 0) {
                // the parent writes nothing; it only keeps the pipe open
            }
        } catch (IOException closed) {
            // the parent is gone
        }
    }
}
