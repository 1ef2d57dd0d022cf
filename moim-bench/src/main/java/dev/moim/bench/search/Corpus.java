package dev.moim.bench.search;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Chat lines as people in Korean group rooms write them: plans, food, concerts, travel, work, study, with the
 * particles and endings that change a word's form, English product and tech names mixed in, slang and laughter.
 * Each line is a template with its slots filled at random, so a million lines repeat words the way real rooms do
 * without repeating sentences. The same seed gives the same corpus.
 */
public final class Corpus {

    static final List<String> PLACES = List.of("홍대", "강남역", "성수동", "부산", "제주도", "해운대", "을지로", "판교", "잠실",
            "광화문", "대전", "전주 한옥마을", "여의도", "이태원", "수원", "인천공항", "서울숲", "코엑스", "망원동", "속초");
    static final List<String> EVENTS = List.of("콘서트", "페스티벌", "팬미팅", "전시회", "뮤지컬", "야구 경기", "세미나", "해커톤",
            "플리마켓", "불꽃축제", "북토크", "마라톤", "컨퍼런스", "워크숍", "스터디");
    static final List<String> FOODS = List.of("김치찌개", "떡볶이", "삼겹살", "마라탕", "냉면", "초밥", "치킨", "파스타", "국밥",
            "칼국수", "곱창", "비빔밥", "짜장면", "햄버거", "샐러드");
    static final List<String> TECH = List.of("Spring Boot", "Kotlin", "PostgreSQL", "Redis", "Kafka", "React", "Docker",
            "Kubernetes", "GitHub Actions", "Lucene", "OpenSearch", "Java 25", "iPhone", "Galaxy", "MacBook");
    static final List<String> NAMES = List.of("민지", "하니", "지수", "준호", "서연", "도윤", "예린", "태현", "수빈", "지훈", "유나", "현우");
    static final List<String> TIMES = List.of("오늘 저녁", "내일 아침", "이번 주말", "다음 주 금요일", "토요일 오후", "모레",
            "월요일 점심", "오늘 밤", "이번 달 말", "연휴 첫날");
    static final List<String> THINGS = List.of("티켓", "자료", "사진", "영수증", "일정표", "회의록", "발표 자료", "숙소", "기차표", "우산");

    private static final List<String> TEMPLATES = List.of(
            "{time} {place}에서 {event} 있는데 같이 갈 사람?",
            "{event} 티켓 예매 성공했다 ㅋㅋㅋ",
            "{event}를 보러 {place}까지 가는 건 좀 멀지 않아?",
            "어제 {event}에서 {name}님 만났어요",
            "{event} 동행 구합니다. {place} 출발이에요",
            "{time}에 {food} 먹으러 갈래?",
            "{place} 근처에 {food} 맛집 아는 사람",
            "{food}은 역시 {place}가 최고지",
            "점심 메뉴 추천: {food} vs {food2}",
            "{name}아 {thing} 챙겼어?",
            "{thing} 단톡방에 올려 줄게",
            "{time} 회의 {thing} 공유드립니다",
            "{tech} 버전 올렸더니 빌드가 안 돼요 ㅠㅠ",
            "{tech} 써 본 사람? {tech2}랑 비교하면 어때요",
            "이번 {event}에서 {tech} 발표 들었는데 좋았어요",
            "{place}행 기차 {time} 출발입니다",
            "{place} 숙소 예약했어요. 체크인은 3시부터래요",
            "비 온대요 {thing} 꼭 챙기세요",
            "{name}님 생일 축하해요!! 🎉",
            "{time} {place}에서 보자",
            "혹시 {thing} 받으신 분 계세요?",
            "{event} 후기: 생각보다 훨씬 재밌었음",
            "ㅋㅋㅋㅋ 진짜 웃기다",
            "헐 대박 {name} 진짜?",
            "{tech} 스터디 모집합니다 (주 1회, {place})",
            "다들 {time}에 시간 돼?",
            "{food} 시켰는데 같이 먹을 사람",
            "오늘 {place} 사람 엄청 많네요",
            "{name}가 {thing} 찾고 있어요",
            "{event} 끝나고 {food} 먹으러 가요");

    private final SplittableRandom random;

    public Corpus(long seed) {
        this.random = new SplittableRandom(seed);
    }

    public String next() {
        String line = TEMPLATES.get(random.nextInt(TEMPLATES.size()));
        line = fill(line, "{food2}", FOODS);
        line = fill(line, "{tech2}", TECH);
        line = fill(line, "{place}", PLACES);
        line = fill(line, "{event}", EVENTS);
        line = fill(line, "{food}", FOODS);
        line = fill(line, "{tech}", TECH);
        line = fill(line, "{name}", NAMES);
        line = fill(line, "{time}", TIMES);
        return fill(line, "{thing}", THINGS);
    }

    private String fill(String line, String slot, List<String> words) {
        while (line.contains(slot)) {
            line = line.replaceFirst(java.util.regex.Pattern.quote(slot), words.get(random.nextInt(words.size())));
        }
        return line;
    }

    /**
     * What searchers type: single words in their bare form (the corpus has them with particles), two-word
     * queries, English names in other cases, and a few words the corpus never has.
     */
    public static List<String> queries() {
        List<String> queries = new java.util.ArrayList<>();
        EVENTS.forEach(queries::add);
        FOODS.forEach(queries::add);
        PLACES.forEach(queries::add);
        NAMES.forEach(queries::add);
        THINGS.forEach(queries::add);
        TECH.forEach(t -> queries.add(t.toLowerCase()));
        queries.addAll(List.of("콘서트 티켓", "동행 부산", "맛집 떡볶이", "회의 자료", "빌드 spring", "기차 출발",
                "숙소 예약", "생일 축하", "스터디 모집", "후기", "예매", "비행기표", "노트북 수리", "zookeeper"));
        return queries;
    }
}
