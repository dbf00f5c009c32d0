package org.pt.dsl.ui.services;

/** The server's markdown (bold headings, code spans) as plain text for JFace's hover and documentation popups. */
public final class Markdown {

    private Markdown() {
    }

    /** {@code text} without markdown's emphasis and code markers, its paragraphs kept. */
    public static String plain(String text) {
        return text.replace("**", "").replace("`", "").strip();
    }
}
