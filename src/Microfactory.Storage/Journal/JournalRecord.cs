namespace Microfactory.Storage.Journal;

/// <summary>One document change in a batch: its new content, or null when the key is removed.</summary>
internal sealed record JournalChange(string Key, byte[]? Content);

/// <summary>
/// One append of the log: the changes of every write committed together, or a seal saying the segment is closed and
/// the log goes on in the next one. The id lets a writer whose append had no clear answer find out whether it landed.
/// </summary>
internal sealed record JournalBatch(Guid Id, bool Seal, IReadOnlyList<JournalChange> Changes);
