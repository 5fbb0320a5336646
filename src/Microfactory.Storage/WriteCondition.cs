namespace Microfactory.Storage;

/// <summary>
/// The precondition of a write, as Azure Blob expresses it: none, <c>If-None-Match: *</c> (create only),
/// or <c>If-Match: etag</c> (replace only the version that was read).
/// </summary>
public readonly record struct WriteCondition
{
    private WriteCondition(string? ifMatch, bool ifNoneMatchAny)
    {
        IfMatch = ifMatch;
        IfNoneMatchAny = ifNoneMatchAny;
    }

    public string? IfMatch { get; }

    public bool IfNoneMatchAny { get; }

    public static WriteCondition None => default;

    public static WriteCondition IfNotExists => new(null, true);

    public static WriteCondition IfMatches(string etag)
    {
        ArgumentException.ThrowIfNullOrEmpty(etag);
        return new WriteCondition(etag, false);
    }

    public override string ToString() =>
        IfNoneMatchAny ? "If-None-Match: *" : IfMatch is null ? "unconditional" : $"If-Match: {IfMatch}";
}
