package dev.moim.search;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.moim.search.SearchIndex.IndexedMessage;
import dev.moim.search.SearchIndex.MessageKey;
import dev.moim.search.SearchIndex.Order;
import dev.moim.search.SearchIndex.Page;
import dev.moim.search.SearchIndex.RoomScope;
import dev.moim.search.SearchIndex.SearchQuery;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every search engine adapter must do, with real Korean and mixed sentences. Each adapter's test supplies a
 * fresh, empty index.
 */
public abstract class SearchIndexContract {

    private static final Instant T0 = Instant.parse("2026-11-01T09:00:00Z");

    protected abstract SearchIndex index();

    private SearchIndex index;

    @BeforeEach
    void emptyIndex() {
        index = index();
        index.clear();
    }

    private static IndexedMessage msg(long room, long seq, long sender, int minutes, String content) {
        return new IndexedMessage(room, seq, sender, T0.plusSeconds(60L * minutes), content);
    }

    private List<String> find(String q, List<RoomScope> rooms) {
        return find(q, rooms, null, null, null);
    }

    private List<String> find(String q, List<RoomScope> rooms, Long sender, Instant from, Instant to) {
        Page page = index.search(new SearchQuery(KoreanText.queryWords(q), rooms, sender, from, to, Order.RECENT, null, 50));
        return page.hits().stream().map(h -> h.roomId() + ":" + h.seq()).toList();
    }

    private static List<RoomScope> rooms(long... ids) {
        List<RoomScope> scopes = new ArrayList<>();
        for (long id : ids) {
            scopes.add(new RoomScope(id, 0));
        }
        return scopes;
    }

    @Test
    void koreanWordsAreFoundWhateverParticleOrEndingFollowsThem() {
        index.put(List.of(
                msg(1, 1, 10, 1, "이번 주말 콘서트를 같이 갈 사람 있나요?"),
                msg(1, 2, 11, 2, "어제 콘서트에서 만난 친구가 연락했어요"),
                msg(1, 3, 10, 3, "동행을 구합니다. 부산에서 출발해요"),
                msg(1, 4, 12, 4, "오늘 점심은 김치찌개 먹었어요"),
                msg(1, 5, 11, 5, "콘서트는 정말 최고였다")));

        assertThat(find("콘서트", rooms(1))).containsExactly("1:5", "1:2", "1:1");
        assertThat(find("동행", rooms(1))).containsExactly("1:3");
        assertThat(find("부산", rooms(1))).containsExactly("1:3");
        assertThat(find("김치찌개", rooms(1))).containsExactly("1:4");
        // Every word must match.
        assertThat(find("콘서트 친구", rooms(1))).containsExactly("1:2");
        assertThat(find("비행기", rooms(1))).isEmpty();
    }

    @Test
    void mixedKoreanAndEnglishIgnoringCase() {
        index.put(List.of(
                msg(1, 1, 10, 1, "Spring Boot 스터디 모집합니다"),
                msg(1, 2, 10, 2, "내일 spring 세미나 후기 공유할게요"),
                msg(1, 3, 10, 3, "PostgreSQL 튜닝 질문이요")));

        assertThat(find("spring", rooms(1))).containsExactly("1:2", "1:1");
        assertThat(find("SPRING 스터디", rooms(1))).containsExactly("1:1");
        assertThat(find("postgresql", rooms(1))).containsExactly("1:3");
    }

    @Test
    void characterPairsFindWhatMorphologyMisses() {
        index.put(List.of(
                msg(1, 1, 10, 1, "뉴진스하니 직캠 봤어?"),
                msg(1, 2, 10, 2, "스프링부트로 채팅 서버 만들기"),
                msg(1, 3, 10, 3, "전혀 다른 이야기")));

        // A name glued to another, which the dictionary does not know.
        assertThat(find("하니", rooms(1))).containsExactly("1:1");
        assertThat(find("직캠", rooms(1))).containsExactly("1:1");
        // A typo in a long word: all but a quarter of its character pairs still match.
        assertThat(find("스프링부뜨", rooms(1))).containsExactly("1:2");
    }

    @Test
    void onlyTheGivenRoomsAndOnlyAfterEachJoinSeq() {
        index.put(List.of(
                msg(1, 1, 10, 1, "회의 자료 공유합니다"),
                msg(1, 2, 10, 2, "회의 시간 변경"),
                msg(2, 1, 10, 3, "회의 끝났나요"),
                msg(3, 1, 10, 4, "회의 없음")));

        assertThat(find("회의", rooms(1, 2))).containsExactly("2:1", "1:2", "1:1");
        assertThat(find("회의", List.of(new RoomScope(1, 1), new RoomScope(3, 0)))).containsExactly("3:1", "1:2");
        assertThat(find("회의", List.of())).isEmpty();
    }

    @Test
    void aSearcherInThousandsOfRoomsJoinedPartWay() {
        index.put(List.of(msg(7, 5, 10, 1, "늦게 들어온 방의 공지"), msg(7, 2, 10, 0, "들어오기 전의 공지"),
                msg(4_000, 1, 10, 2, "처음부터 있던 방의 공지")));
        List<RoomScope> many = new ArrayList<>();
        for (long room = 1; room <= 3_000; room++) {
            many.add(new RoomScope(room, room == 7 ? 3 : room % 5));
        }
        many.add(new RoomScope(4_000, 0));
        assertThat(find("공지", many)).containsExactly("4000:1", "7:5");
    }

    @Test
    void bySenderAndByTime() {
        index.put(List.of(
                msg(1, 1, 10, 0, "여행 계획 세우자"),
                msg(1, 2, 11, 60, "여행 사진 올렸어"),
                msg(1, 3, 10, 120, "여행 경비 정산")));

        assertThat(find("여행", rooms(1), 10L, null, null)).containsExactly("1:3", "1:1");
        assertThat(find("여행", rooms(1), null, T0.plusSeconds(3600), T0.plusSeconds(7200))).containsExactly("1:2");
        assertThat(find("여행", rooms(1), null, T0.plusSeconds(3600), null)).containsExactly("1:3", "1:2");
    }

    @Test
    void pagesFollowEachOtherWithoutRepeatsInBothOrders() {
        List<IndexedMessage> many = new ArrayList<>();
        for (int i = 1; i <= 23; i++) {
            many.add(msg(1 + i % 2, i, 10, i % 5, (i % 3 == 0 ? "맛집 맛집 추천 " : "맛집 ") + i + "번째"));
        }
        index.put(many);
        for (Order order : Order.values()) {
            List<String> seen = new ArrayList<>();
            SearchIndex.Position after = null;
            int pages = 0;
            do {
                Page page = index.search(new SearchQuery(KoreanText.queryWords("맛집"), rooms(1, 2), null, null, null,
                        order, after, 5));
                page.hits().forEach(h -> seen.add(h.roomId() + ":" + h.seq()));
                after = page.next();
                pages++;
                assertThat(pages).isLessThan(10);
            } while (after != null);
            assertThat(seen).hasSize(23).doesNotHaveDuplicates();
        }
    }

    @Test
    void newestFirstOrBestMatchFirst() {
        index.put(List.of(
                msg(1, 1, 10, 1, "캠핑 캠핑 캠핑 장비 추천해 주세요 캠핑"),
                msg(1, 2, 10, 2, "주말에 뭐 해? 나는 캠핑")));
        Page recent = index.search(new SearchQuery(KoreanText.queryWords("캠핑"), rooms(1), null, null, null, Order.RECENT, null, 10));
        assertThat(recent.hits()).extracting(SearchIndex.Hit::seq).containsExactly(2L, 1L);
        Page relevant = index.search(new SearchQuery(KoreanText.queryWords("캠핑 장비"), rooms(1), null, null, null, Order.RELEVANCE, null, 10));
        assertThat(relevant.hits()).extracting(SearchIndex.Hit::seq).containsExactly(1L);
        assertThat(relevant.hits().getFirst().content()).isEqualTo("캠핑 캠핑 캠핑 장비 추천해 주세요 캠핑");
    }

    @Test
    void putReplacesAndRemoveRemoves() {
        index.put(List.of(msg(1, 1, 10, 1, "원래 문장입니다"), msg(1, 2, 10, 2, "지울 문장입니다")));
        index.put(List.of(msg(1, 1, 10, 1, "고친 문장입니다")));
        index.remove(List.of(new MessageKey(1, 2), new MessageKey(9, 9)));

        assertThat(find("원래", rooms(1))).isEmpty();
        assertThat(find("고친", rooms(1))).containsExactly("1:1");
        assertThat(find("지울", rooms(1))).isEmpty();
        assertThat(index.stats().messages()).isEqualTo(1);
    }

    @Test
    void querySyntaxIsJustText() {
        index.put(List.of(msg(1, 1, 10, 1, "a+b=(c) \"따옴표\" 와 OR AND NOT * ? ~ [범위] content:필드 \\ /정규식/")));
        for (String q : List.of("a+b", "(c)", "\"따옴표\"", "OR", "AND NOT", "*", "?", "~", "[범위]", "content:필드", "\\", "/정규식/", "{", "^2")) {
            index.search(new SearchQuery(KoreanText.queryWords(q), rooms(1), null, null, null, Order.RELEVANCE, null, 10));
        }
        assertThat(find("[범위]", rooms(1))).containsExactly("1:1");
        assertThat(find("content:필드", rooms(1))).containsExactly("1:1");
    }

    @Test
    void clearingStartsANewIndex() {
        index.put(List.of(msg(1, 1, 10, 1, "남아 있으면 안 되는 메시지")));
        String before = index.indexId();
        index.clear();
        assertThat(index.indexId()).isNotEqualTo(before);
        assertThat(find("메시지", rooms(1))).isEmpty();
        assertThat(index.stats().messages()).isZero();
    }
}
