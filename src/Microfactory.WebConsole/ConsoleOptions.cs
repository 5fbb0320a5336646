using System.ComponentModel.DataAnnotations;

namespace Microfactory.WebConsole;

/// <summary>The web console's settings (section <c>Console</c>).</summary>
public sealed class ConsoleOptions : IValidatableObject
{
    public const string Section = "Console";

    public const string TraceIdPlaceholder = "{traceId}";

    /// <summary>How often a live page re-reads the read models it shows.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00", ErrorMessage = "Console:RefreshInterval must be between 0.1 s and 1 min.")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a console sign-in lasts without use (sliding: each visit renews it).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00", ErrorMessage = "Console:SessionLifetime must be between 1 min and 7 days.")]
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>
    /// Where an order's trace is shown, an absolute http(s) URL with <c>{traceId}</c> in it (Grafana Explore on Tempo,
    /// for example); empty: orders show their trace id without a link.
    /// </summary>
    public string? TraceUrlTemplate { get; set; }

    public string? TraceUrl(string? traceId) =>
        string.IsNullOrEmpty(TraceUrlTemplate) || traceId is null
            ? null
            : TraceUrlTemplate.Replace(TraceIdPlaceholder, Uri.EscapeDataString(traceId), StringComparison.Ordinal);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrEmpty(TraceUrlTemplate))
        {
            yield break;
        }

        if (!TraceUrlTemplate.Contains(TraceIdPlaceholder, StringComparison.Ordinal))
        {
            yield return new ValidationResult($"Console:TraceUrlTemplate must contain {TraceIdPlaceholder}.", [nameof(TraceUrlTemplate)]);
        }
        else if (!Uri.TryCreate(TraceUrlTemplate.Replace(TraceIdPlaceholder, "0", StringComparison.Ordinal), UriKind.Absolute, out var uri)
            || uri.Scheme is not ("http" or "https"))
        {
            yield return new ValidationResult("Console:TraceUrlTemplate must be an absolute http or https URL.", [nameof(TraceUrlTemplate)]);
        }
    }
}
