"""Pure text processing: cleaning, language, sentences, words and summaries. No I/O."""
