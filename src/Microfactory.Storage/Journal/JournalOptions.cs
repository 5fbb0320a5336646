namespace Microfactory.Storage.Journal;

public sealed class JournalOptions
{
    /// <summary>Blob keys of the journal's segments and snapshots start with this.</summary>
    public string Prefix { get; set; } = "journal/";

    /// <summary>A segment this long is sealed and a snapshot of every document is written, so start-up reads little log.</summary>
    public long SegmentBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>A segment with this many appends is sealed too: Azure caps an append blob at 50,000 blocks.</summary>
    public int SegmentAppends { get; set; } = 40_000;

    /// <summary>One append carries at most this much (and never more than the backend allows).</summary>
    public int MaxBatchBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Appends whose outcome was unclear (a timeout, a 500) are checked and retried this many times in all.</summary>
    public int MaxAttempts { get; set; } = 5;

    public void Validate()
    {
        if (string.IsNullOrEmpty(Prefix) || !Prefix.EndsWith('/'))
        {
            throw new ArgumentException($"The journal prefix '{Prefix}' must be non-empty and end with '/'.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(SegmentBytes, 1024, nameof(SegmentBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(SegmentAppends, 2, nameof(SegmentAppends));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatchBytes, 1024, nameof(MaxBatchBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxAttempts, 1, nameof(MaxAttempts));
    }
}
