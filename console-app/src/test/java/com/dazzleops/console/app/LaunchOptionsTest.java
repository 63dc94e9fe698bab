package com.dazzleops.console.app;

import com.dazzleops.console.shell.Theme;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LaunchOptionsTest {

    @Test
    void parsesTheScriptableFlags() {
        LaunchOptions o = LaunchOptions.parse("--demo", "--theme", "dark", "--page", "fleet", "--exit-after", "25",
                "--interval", "0.5", "--server", "demo (embedded)", "trace.db");
        assertThat(o.demo()).isTrue();
        assertThat(o.theme()).contains(Theme.DARK);
        assertThat(o.page()).contains("fleet");
        assertThat(o.server()).contains("demo (embedded)");
        assertThat(o.exitAfter()).contains(Duration.ofSeconds(25));
        assertThat(o.interval()).isEqualTo(Duration.ofMillis(500));
        assertThat(o.files()).containsExactly(Path.of("trace.db"));
    }

    @Test
    void defaultsWatchSavedServersEveryTwoSeconds() {
        LaunchOptions o = LaunchOptions.parse();
        assertThat(o.demo()).isFalse();
        assertThat(o.interval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(o.theme()).isEmpty();
    }

    @Test
    void badArgumentsSayWhatIsWrong() {
        assertThatThrownBy(() -> LaunchOptions.parse("--theme", "blue")).hasMessageContaining("light or dark");
        assertThatThrownBy(() -> LaunchOptions.parse("--exit-after")).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> LaunchOptions.parse("--interval", "-1")).hasMessageContaining("positive number");
        assertThatThrownBy(() -> LaunchOptions.parse("--frobnicate")).hasMessageContaining("unknown option --frobnicate");
    }
}
