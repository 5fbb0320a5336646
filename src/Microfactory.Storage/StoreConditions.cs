namespace Microfactory.Storage;

/// <summary>Azure Blob's precondition rules, shared by the backends that enforce them locally.</summary>
public static class StoreConditions
{
    public static void Check(string key, string? currentETag, WriteCondition condition)
    {
        if (condition.IfNoneMatchAny && currentETag is not null)
        {
            throw new StoreConflictException(key, StoreConflictKind.AlreadyExists, "the blob already exists");
        }

        if (condition.IfMatch is { } expected && !string.Equals(expected, currentETag, StringComparison.Ordinal))
        {
            throw new StoreConflictException(key, StoreConflictKind.PreconditionFailed,
                currentETag is null ? "the blob does not exist" : "the blob changed since it was read");
        }
    }

    public static void CheckDelete(string key, string? currentETag, WriteCondition condition)
    {
        if (condition.IfNoneMatchAny)
        {
            throw new ArgumentException("A delete cannot be conditional on If-None-Match: *.", nameof(condition));
        }

        Check(key, currentETag, condition);
    }
}
