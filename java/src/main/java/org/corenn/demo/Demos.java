package org.corenn.demo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every bundled demo, in the order {@code corenn demo} runs them. */
public final class Demos {
    private Demos() {
    }

    public static Map<String, Demo> all() {
        Map<String, Demo> demos = new LinkedHashMap<>();
        for (Demo d : List.<Demo>of(new FashionMnistDemo(), new ForecastDemo(), new ChargenDemo(), new CrnnDemo(),
                new NextFrameDemo(), new DatesDemo(), new LanguageIdDemo())) {
            demos.put(d.name(), d);
        }
        return demos;
    }
}
