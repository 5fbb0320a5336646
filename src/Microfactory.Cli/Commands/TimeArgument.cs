using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Microfactory.Cli.Commands;

/// <summary>A time option (<c>--due</c>, <c>--until</c>...): an ISO 8601 date and time (<c>2026-12-24T12:00Z</c>) or a time from now (<c>36h</c>, <c>3d</c>, <c>90m</c>).</summary>
public static partial class TimeArgument
{
    public static DateTimeOffset Parse(ArgumentResult result, TimeProvider time, string option = "--due")
    {
        var text = result.Tokens.Single().Value.Trim();
        if (Relative().Match(text) is { Success: true } match)
        {
            var amount = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            var span = match.Groups[2].Value switch
            {
                "m" => TimeSpan.FromMinutes(amount),
                "h" => TimeSpan.FromHours(amount),
                _ => TimeSpan.FromDays(amount),
            };
            // Whole seconds, so the retry hint can repeat the exact date (a new "3d" later would be another order).
            var due = time.GetUtcNow() + span;
            return due.AddTicks(-(due.Ticks % TimeSpan.TicksPerSecond));
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            return at;
        }

        result.AddError($"{option} '{text}' is neither a date and time (2026-12-24T12:00Z) nor a time from now (36h, 3d, 90m).");
        return default;
    }

    [GeneratedRegex("^([0-9]+(?:\\.[0-9]+)?)([mhd])$")]
    private static partial Regex Relative();
}
