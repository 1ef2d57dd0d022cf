package dev.moim.room;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * An invite link's address ({@code moim.groups.invite-url-prefix} followed by its code, {@code /invite/{code}} by
 * default) opens the web client, which reads the code from the path and shows what the link leads to. The page is
 * the same static index.html as {@code /}: the code itself is only ever checked by {@code GET /api/v1/invites/{code}}.
 */
@Configuration
class InvitePage implements WebMvcConfigurer {

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addViewController("/invite/{code}").setViewName("forward:/index.html");
    }
}
