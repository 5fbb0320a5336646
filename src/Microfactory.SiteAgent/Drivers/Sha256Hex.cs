namespace Microfactory.SiteAgent.Drivers;

/// <summary>The contract's spelling of a SHA-256: 64 lowercase hex characters.</summary>
public static class Sha256Hex
{
    public static bool IsValid(string? value) =>
        value is { Length: 64 } && value.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');
}
