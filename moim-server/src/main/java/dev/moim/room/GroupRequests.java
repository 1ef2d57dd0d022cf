package dev.moim.room;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import dev.moim.common.PlainText;
import dev.moim.view.JoinPolicy;

/** Request bodies of group life. Lengths are counted in code points by the services, as messages are. */
public final class GroupRequests {

    private GroupRequests() {
    }

    /** Joining an OPEN room; {@code password} when it has one. */
    public record Join(String password) {
    }

    /** Applying to a REQUEST room: a short {@code note} (at most 200 characters) for its managers. */
    public record Apply(@PlainText String note, String password) {
    }

    /** Accepting an invite link; {@code note} goes with the application when the room is a REQUEST room. */
    public record Accept(@PlainText String note) {
    }

    /** {@code expiresIn} in seconds; {@code maxUses} null for no limit. */
    public record CreateInviteLink(Long expiresIn, Integer maxUses) {
    }

    /**
     * A change to a GROUP's settings, as a JSON merge patch: a field left out stays as it is; {@code null} clears the
     * ones that can be empty (description, cover, password, memberLimit). {@code tags} replace the old ones
     * ({@code []} clears them). Text is checked by the service, which names the field it refuses.
     *
     * <p>A class with setters rather than a record: a record cannot tell a field left out from one given as null,
     * while Jackson calls a setter only for a field that is there, null or not.
     */
    public static final class Settings {

        private final Set<String> given = new HashSet<>();
        private String name;
        private String description;
        private List<String> tags;
        private UUID coverAttachmentId;
        private JoinPolicy joinPolicy;
        private String password;
        private Integer memberLimit;

        /** Whether the patch has the field at all (null included). */
        boolean has(String field) {
            return given.contains(field);
        }

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
            given.add("name");
        }

        public String getDescription() {
            return description;
        }

        public void setDescription(String description) {
            this.description = description;
            given.add("description");
        }

        public List<String> getTags() {
            return tags;
        }

        public void setTags(List<String> tags) {
            this.tags = tags;
            given.add("tags");
        }

        public UUID getCoverAttachmentId() {
            return coverAttachmentId;
        }

        public void setCoverAttachmentId(UUID coverAttachmentId) {
            this.coverAttachmentId = coverAttachmentId;
            given.add("coverAttachmentId");
        }

        public JoinPolicy getJoinPolicy() {
            return joinPolicy;
        }

        public void setJoinPolicy(JoinPolicy joinPolicy) {
            this.joinPolicy = joinPolicy;
            given.add("joinPolicy");
        }

        /** Write-only: never shown back. */
        public void setPassword(String password) {
            this.password = password;
            given.add("password");
        }

        String password() {
            return password;
        }

        public Integer getMemberLimit() {
            return memberLimit;
        }

        public void setMemberLimit(Integer memberLimit) {
            this.memberLimit = memberLimit;
            given.add("memberLimit");
        }
    }
}
