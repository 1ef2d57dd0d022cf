package dev.moim.common;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.Container;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * Errors Tomcat answers by itself, before any filter or controller runs (a URI with an encoded slash such as
 * {@code ..%2f}, a bad %-escape, an encoded NUL), get the same problem+json as every other refusal instead of
 * Tomcat's HTML page. Runs after Spring Boot's own customizer so that it replaces the report valve Boot adds.
 */
@Component
class ContainerErrors implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addContextCustomizers(context -> {
            Container host = context.getParent();
            Pipeline pipeline = host.getPipeline();
            for (Valve valve : pipeline.getValves()) {
                if (valve instanceof ErrorReportValve) {
                    pipeline.removeValve(valve);
                }
            }
            pipeline.addValve(new ProblemReportValve());
            if (host instanceof StandardHost standardHost) {
                // The host adds its default report valve at start unless one of this class is there already.
                standardHost.setErrorReportValveClass(ProblemReportValve.class.getName());
            }
        });
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    /** Tomcat's report valve, writing a problem with a stable code and nothing about the server. */
    public static final class ProblemReportValve extends ErrorReportValve {

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            AtomicBoolean ioAllowed = new AtomicBoolean(false);
            response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
            if (!ioAllowed.get()) {
                return;
            }
            ErrorCode code = Problems.codeFor(status);
            String body = "{\"type\":\"about:blank\",\"title\":\"" + Problems.title(status) + "\",\"status\":" + status
                    + ",\"detail\":\"" + detail(code) + "\",\"code\":\"" + code.name() + "\"}";
            try {
                response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
                response.setCharacterEncoding("UTF-8");
                Writer writer = response.getReporter();
                if (writer != null) {
                    writer.write(body);
                    response.finishResponse();
                }
            } catch (IOException | IllegalStateException e) {
                // The client has gone; there is no one left to tell.
            }
        }

        private static String detail(ErrorCode code) {
            return switch (code) {
                case MALFORMED_REQUEST -> "The request is malformed: check the path (no encoded slashes or NULs) and headers";
                case NOT_FOUND -> "No such resource";
                case PAYLOAD_TOO_LARGE -> "The request is too large";
                default -> "The server could not handle this request";
            };
        }
    }
}
