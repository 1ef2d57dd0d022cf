package dev.moim.account;

import java.time.Duration;

import dev.moim.mail.OutgoingMail;

/** The mails about an account, plain text, Korean first and English after, in one subject and one body. */
final class AccountMails {

    private AccountMails() {
    }

    static OutgoingMail verification(String to, String code, Duration ttl) {
        return new OutgoingMail(to, "[Moim] 이메일 인증 코드 / Email verification code",
                "Moim 이메일 인증 코드: " + code + "\n"
                        + "이 코드는 " + korean(ttl) + " 동안 유효합니다. Moim에 가입하지 않으셨다면 이 메일을 무시하세요.\n"
                        + "\n"
                        + "Your Moim email verification code: " + code + "\n"
                        + "It is valid for " + english(ttl) + ". If you did not sign up for Moim, ignore this mail.\n");
    }

    static OutgoingMail passwordReset(String to, String code, Duration ttl) {
        return new OutgoingMail(to, "[Moim] 비밀번호 재설정 코드 / Password reset code",
                "Moim 비밀번호 재설정 코드: " + code + "\n"
                        + "이 코드는 " + korean(ttl) + " 동안 유효합니다. 요청하지 않으셨다면 이 메일을 무시하세요. "
                        + "비밀번호는 바뀌지 않습니다.\n"
                        + "\n"
                        + "Your Moim password reset code: " + code + "\n"
                        + "It is valid for " + english(ttl) + ". If you did not ask for it, ignore this mail; "
                        + "your password stays as it is.\n");
    }

    private static String korean(Duration ttl) {
        long seconds = ttl.toSeconds();
        return seconds % 60 == 0 ? seconds / 60 + "분" : seconds + "초";
    }

    private static String english(Duration ttl) {
        long seconds = ttl.toSeconds();
        long amount = seconds % 60 == 0 ? seconds / 60 : seconds;
        String unit = seconds % 60 == 0 ? "minute" : "second";
        return amount + " " + unit + (amount == 1 ? "" : "s");
    }
}
