namespace Microfactory.Storage;

/// <summary>
/// Keys are '/'-separated paths of URL-safe segments so they map one to one onto Azure blob names and
/// local file paths: no empty segments, no '.' or '..', no backslash, no control characters.
/// </summary>
public static class BlobKey
{
    public const int MaxLength = 1024;

    public static void Validate(string key)
    {
        if (!IsValid(key, out var reason))
        {
            throw new ArgumentException($"Invalid blob key '{key}': {reason}.", nameof(key));
        }
    }

    public static bool IsValid(string? key, out string reason)
    {
        reason = "";
        if (string.IsNullOrEmpty(key))
        {
            reason = "it is empty";
            return false;
        }

        if (key.Length > MaxLength)
        {
            reason = $"it is longer than {MaxLength} characters";
            return false;
        }

        foreach (var segment in key.Split('/'))
        {
            if (segment.Length == 0 || segment is "." or "..")
            {
                reason = "it has an empty, '.' or '..' segment";
                return false;
            }
        }

        foreach (var c in key)
        {
            var ok = char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or '~' or '@' or '+' or '=';
            if (!ok)
            {
                reason = $"character '{c}' is not allowed (letters, digits and - _ . / ~ @ + = only)";
                return false;
            }
        }

        return true;
    }
}
