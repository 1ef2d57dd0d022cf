package dev.moim;

import java.util.List;

/** kill -9 on the embedded default, exactly as {@code java -jar} runs it: an H2 file in the data directory. */
class H2CrashDurabilityTest extends CrashDurabilityContract {

    @Override
    protected List<String> storeArguments() {
        return List.of();
    }

    @Override
    protected String storeName() {
        return "h2";
    }
}
