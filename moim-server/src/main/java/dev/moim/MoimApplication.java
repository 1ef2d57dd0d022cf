package dev.moim;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class MoimApplication {

    public static void main(String[] args) {
        SpringApplication.run(MoimApplication.class, args);
    }
}
