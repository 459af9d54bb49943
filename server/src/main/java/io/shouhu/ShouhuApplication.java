package io.shouhu;

import io.shouhu.storage.KeysCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Shouhu: mandatory reporting of suspected harm to minors, from the hospital to one joined-up case. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class ShouhuApplication {

	public static void main(String[] args) {
		if (KeysCommand.wanted(args)) {
			System.exit(KeysCommand.run(System.out, args));
		}
		SpringApplication.run(ShouhuApplication.class, args);
	}
}
