namespace Microfactory.Storage;

public enum StoreConflictKind
{
    /// <summary>HTTP 412: the blob changed since it was read (stale <c>If-Match</c>), or it is gone.</summary>
    PreconditionFailed = 412,

    /// <summary>HTTP 409: <c>If-None-Match: *</c> and the blob already exists.</summary>
    AlreadyExists = 409,
}

/// <summary>A conditional write lost: someone else wrote first. Re-read and decide again.</summary>
public sealed class StoreConflictException(string key, StoreConflictKind kind, string? detail = null)
    : Exception($"Conditional write to '{key}' failed ({(int)kind} {kind}){(detail is null ? "" : ": " + detail)}.")
{
    public string Key { get; } = key;

    public StoreConflictKind Kind { get; } = kind;
}

/// <summary>The backend cannot be used (unreachable, refused credentials, missing container); the message says why.</summary>
public sealed class StoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
