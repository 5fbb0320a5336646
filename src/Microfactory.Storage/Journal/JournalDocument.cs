namespace Microfactory.Storage.Journal;

/// <summary>A document as the journal last recorded it. The ETag names the batch and position that wrote it, so it never repeats.</summary>
internal sealed record JournalDocument(byte[] Content, string ETag);
