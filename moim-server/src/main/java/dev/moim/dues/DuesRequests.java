package dev.moim.dues;

import java.util.UUID;

/** Bodies of the dues calls. Money leaving a wallet or a group account is confirmed by exactly one of pin or password. */
final class DuesRequests {

    private DuesRequests() {
    }

    /**
     * {@code period} MONTHLY (with {@code dayOfMonth} 1-28) or WEEKLY (with {@code dayOfWeek} 1 = Monday .. 7);
     * {@code startDate} (ISO, in the plan's zone) defaults to today.
     */
    record SetPlan(Long amount, String period, Integer dayOfMonth, Integer dayOfWeek, String startDate) {
    }

    /** {@code periodStart} names one period; without it every unpaid charge is paid, oldest first. */
    record Pay(String periodStart, String pin, String password) {
    }

    record Confirm(String pin, String password) {
    }

    /** {@code spentBy}: the member who spent it; {@code receiptAttachmentId}: a photo uploaded to the room. */
    record RecordExpense(Long amount, String purpose, Long spentBy, UUID receiptAttachmentId, String pin, String password) {
    }
}
