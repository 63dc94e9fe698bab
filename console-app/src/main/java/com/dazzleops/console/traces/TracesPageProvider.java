package com.dazzleops.console.traces;

import com.dazzleops.console.shell.Page;
import com.dazzleops.console.shell.PageProvider;
import com.dazzleops.console.shell.ShellContext;

import java.util.List;

/** Registers the Traces page with the shell (META-INF/services). */
public final class TracesPageProvider implements PageProvider {
    @Override
    public List<Page> createPages(ShellContext context) {
        return List.of(new TracesPage(context));
    }
}
