package com.dazzleops.console.shell;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.Node;
import javafx.scene.layout.StackPane;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The shell's pages and which one is showing. Views are built lazily on first show; pages are told when they are
 * shown and hidden so they can start and stop their work.
 */
public final class PageNav {

    private static final Logger LOG = LoggerFactory.getLogger(PageNav.class);

    private final List<Page> pages = new ArrayList<>();
    private final Map<String, Node> views = new HashMap<>();
    private final ObjectProperty<Page> current = new SimpleObjectProperty<>();
    private final StackPane host = new StackPane();

    public PageNav(List<Page> pages) {
        this.pages.addAll(pages);
        this.pages.sort(Comparator.comparingInt(Page::order).thenComparing(Page::title));
        host.getStyleClass().add("page-host");
        current.addListener((obs, old, now) -> {
            if (old != null) {
                try {
                    old.onHide();
                } catch (RuntimeException e) {
                    LOG.warn("page {} failed to hide", old.id(), e);
                }
            }
            if (now != null) {
                host.getChildren().setAll(viewOf(now));
                try {
                    now.onShow();
                } catch (RuntimeException e) {
                    LOG.warn("page {} failed to show", now.id(), e);
                }
            }
        });
    }

    private Node viewOf(Page p) {
        return views.computeIfAbsent(p.id(), id -> {
            try {
                return p.view();
            } catch (RuntimeException e) {
                LOG.error("page {} could not build its view", id, e);
                javafx.scene.control.Label l = new javafx.scene.control.Label(
                        p.title() + " could not be shown: " + e.getMessage());
                l.getStyleClass().add("page-error");
                return l;
            }
        });
    }

    public List<Page> pages() {
        return List.copyOf(pages);
    }

    public Optional<Page> find(String id) {
        return pages.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    public boolean show(String id) {
        Optional<Page> p = find(id);
        p.ifPresent(current::set);
        return p.isPresent();
    }

    public void show(Page p) {
        current.set(p);
    }

    /** Offers a file to each page in order; the first that takes it is shown. */
    public boolean open(Path file) {
        for (Page p : pages) {
            boolean taken;
            try {
                viewOf(p);
                taken = p.open(file);
            } catch (RuntimeException e) {
                LOG.warn("page {} failed to open {}", p.id(), file, e);
                taken = false;
            }
            if (taken) {
                current.set(p);
                return true;
            }
        }
        return false;
    }

    public ObjectProperty<Page> currentProperty() {
        return current;
    }

    public StackPane host() {
        return host;
    }

    /** Hides the current page (window closing). */
    public void close() {
        Page p = current.get();
        if (p != null) {
            try {
                p.onHide();
            } catch (RuntimeException e) {
                LOG.warn("page {} failed to hide", p.id(), e);
            }
        }
    }
}
