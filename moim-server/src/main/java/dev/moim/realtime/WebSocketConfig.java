package dev.moim.realtime;

import java.util.concurrent.ThreadPoolExecutor;

import dev.moim.config.MoimProperties;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.messaging.simp.config.ChannelRegistration;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketTransportRegistration;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;
import tools.jackson.databind.json.JsonMapper;

/**
 * STOMP over WebSocket at {@code /ws}. Every queue on the way is bounded: when workers fall behind, the socket's
 * own thread does the work (slowing that client's reads) rather than a queue growing until the server falls over;
 * each subscriber has its own bounded send buffer and writer, and one that cannot keep up is disconnected once
 * its buffer is full and catches up with afterSeq.
 */
@Configuration
@EnableWebSocketMessageBroker
class WebSocketConfig implements WebSocketMessageBrokerConfigurer {

    private final MoimProperties.Realtime settings;
    private final StompGatekeeper gatekeeper;
    private final SessionBuffers buffers;
    private final JsonMapper json;
    private final TaskScheduler scheduler;

    WebSocketConfig(MoimProperties properties, @Lazy StompGatekeeper gatekeeper, SessionBuffers buffers,
                    JsonMapper json, @Lazy TaskScheduler messageBrokerTaskScheduler) {
        this.settings = properties.realtime();
        this.gatekeeper = gatekeeper;
        this.buffers = buffers;
        this.json = json;
        this.scheduler = messageBrokerTaskScheduler;
    }

    @Override
    public void registerStompEndpoints(StompEndpointRegistry registry) {
        // Tokens travel in the CONNECT frame, not in cookies, so a page from another origin gains nothing.
        registry.addEndpoint("/ws").setAllowedOriginPatterns("*");
        registry.setPreserveReceiveOrder(true);
        registry.setErrorHandler(new StompErrors(json));
    }

    @Override
    public void configureMessageBroker(MessageBrokerRegistry registry) {
        long heartbeat = settings.heartbeat().toMillis();
        registry.enableSimpleBroker("/topic", "/queue")
                .setHeartbeatValue(new long[] {heartbeat, heartbeat})
                .setTaskScheduler(scheduler);
        registry.setApplicationDestinationPrefixes("/app");
        registry.setUserDestinationPrefix("/user");
        registry.setPreservePublishOrder(true);
    }

    @Override
    public void configureClientInboundChannel(ChannelRegistration registration) {
        registration.interceptors(gatekeeper)
                .executor(inboundExecutor());
    }

    @Override
    public void configureClientOutboundChannel(ChannelRegistration registration) {
        registration.executor(outboundExecutor());
    }

    /**
     * Every socket gets its own bounded buffer and writer ({@link OutboundBuffers}), so the outbound workers only
     * enqueue and a peer that stops reading delays nobody else. Spring's own per-session limits stay as a second
     * line; with writes that never block they are not reached.
     */
    @Override
    public void configureWebSocketTransport(WebSocketTransportRegistration registration) {
        registration.setMessageSizeLimit(settings.messageSizeLimit())
                .setSendBufferSizeLimit(settings.sendBufferSizeLimit())
                .setSendTimeLimit((int) settings.sendTimeLimit().toMillis())
                .addDecoratorFactory(handler ->
                        new OutboundBuffers(handler, buffers, settings.sendBufferSizeLimit(), settings.sendTimeLimit()))
                .addDecoratorFactory(handler -> new InParts(handler, settings.socketBufferSize()));
    }

    /**
     * The servlet container's WebSocket buffers of each connection. Tomcat allocates them at full size for every
     * connection (a text buffer of N chars and a binary one of N bytes), so sizing them for the largest STOMP frame
     * (64 KiB) cost about 190 KiB per idle connection. They stay small instead, and a longer message is handed over
     * in parts ({@link InParts}). Tomcat's other buffers of a WebSocket connection (reading, writing, encoding: 8 KiB
     * each) follow the system property {@code org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE}, which
     * {@code MoimApplication} sets to 4 KiB unless given.
     */
    @Bean
    ServletServerContainerFactoryBean webSocketContainer() {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        container.setMaxTextMessageBufferSize(settings.socketBufferSize());
        container.setMaxBinaryMessageBufferSize(settings.socketBufferSize());
        return container;
    }

    /** Tomcat's own read and write buffer of each socket, 8 KiB each by default, at the same size. */
    @Bean
    TomcatConnectorCustomizer socketBuffers() {
        return connector -> {
            connector.setProperty("socket.appReadBufSize", String.valueOf(settings.socketBufferSize()));
            connector.setProperty("socket.appWriteBufSize", String.valueOf(settings.socketBufferSize()));
        };
    }

    /**
     * Takes WebSocket messages in parts: the STOMP decoder keeps each session's incomplete frame until its end
     * arrives (up to {@code message-size-limit}), whether the frame was split by the client or by the container.
     * Text parts never split a character: the container's UTF-8 decoder stops before a pair that does not fit.
     */
    private static final class InParts extends WebSocketHandlerDecorator {
        private final int bufferSize;

        InParts(WebSocketHandler handler, int bufferSize) {
            super(handler);
            this.bufferSize = bufferSize;
        }

        @Override
        public boolean supportsPartialMessages() {
            return true;
        }

        /**
         * Spring's STOMP handler raises each session's text buffer to 16,640 chars (33 KiB, allocated by Tomcat
         * for every connection), so that a whole 16 KiB frame fits; taken in parts, any frame fits as it is.
         */
        @Override
        public void afterConnectionEstablished(WebSocketSession session) throws Exception {
            super.afterConnectionEstablished(session);
            session.setTextMessageSizeLimit(bufferSize);
        }
    }

    @Bean
    ThreadPoolTaskExecutor inboundExecutor() {
        return boundedPool("moim-inbound-", settings.inboundThreads(), settings.inboundQueueCapacity());
    }

    @Bean
    ThreadPoolTaskExecutor outboundExecutor() {
        return boundedPool("moim-outbound-", settings.outboundThreads(), settings.outboundQueueCapacity());
    }

    private static ThreadPoolTaskExecutor boundedPool(String prefix, int threads, int capacity) {
        ThreadPoolTaskExecutor pool = new ThreadPoolTaskExecutor();
        pool.setThreadNamePrefix(prefix);
        pool.setCorePoolSize(threads);
        pool.setMaxPoolSize(threads);
        pool.setQueueCapacity(capacity);
        pool.setRejectedExecutionHandler(new ThreadPoolExecutor.CallerRunsPolicy());
        pool.setAllowCoreThreadTimeOut(false);
        return pool;
    }
}
