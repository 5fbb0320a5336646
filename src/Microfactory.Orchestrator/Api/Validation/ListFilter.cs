using Microfactory.Network;
using Microfactory.Orchestrator.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Microfactory.Orchestrator.Api.Validation;

/// <summary>
/// A list filter with several values, written either way: <c>status=Completed,Accepted</c> or
/// <c>status=Completed&amp;status=Accepted</c>. An item matches when it has any of the values; no values, no filter.
/// </summary>
public sealed class ListFilter<T>
{
    private readonly HashSet<T>? _values;

    private ListFilter(HashSet<T>? values) => _values = values;

    public static ListFilter<T> None { get; } = new(null);

    public bool Matches(T value) => _values is null || _values.Contains(value);

    public bool Matches(IEnumerable<T> values) => _values is null || values.Any(_values.Contains);

    internal static ListFilter<T> Of(IEnumerable<T> values, IEqualityComparer<T>? comparer) =>
        new(new HashSet<T>(values, comparer));
}

/// <summary>Parses list filters from the query; a value that cannot match anything is a 400 naming it.</summary>
public static class ListFilters
{
    /// <summary>Names only (any case), never numbers: <c>status=7</c> is refused, not read as the eighth status.</summary>
    public static ProblemHttpResult? Enum<TEnum>(string name, string[]? raw, out ListFilter<TEnum> filter) where TEnum : struct, System.Enum
    {
        filter = ListFilter<TEnum>.None;
        if (Values(name, raw, out var values) is { } tooMany)
        {
            return tooMany;
        }

        var parsed = new List<TEnum>();
        foreach (var value in values)
        {
            var known = System.Enum.GetNames<TEnum>().FirstOrDefault(n => string.Equals(n, value, StringComparison.OrdinalIgnoreCase));
            if (known is null)
            {
                return Problems.BadRequest(
                    $"{name} '{Problems.Shown(value)}' is not one of {string.Join(", ", System.Enum.GetNames<TEnum>())}; give several as {name}=A,B or {name}=A&{name}=B.",
                    name);
            }

            parsed.Add(System.Enum.Parse<TEnum>(known));
        }

        if (parsed.Count > 0)
        {
            filter = ListFilter<TEnum>.Of(parsed, null);
        }

        return null;
    }

    /// <summary>Ids of cities or sites: each must be a well-formed id (an unknown one simply matches nothing).</summary>
    public static ProblemHttpResult? Ids(string name, string[]? raw, out ListFilter<string> filter) =>
        Strings(name, raw, Network.Ids.IsValid, $"must be {Network.Ids.Rule}", out filter);

    public static ProblemHttpResult? Strings(string name, string[]? raw, Func<string, bool> valid, string rule, out ListFilter<string> filter)
    {
        filter = ListFilter<string>.None;
        if (Values(name, raw, out var values) is { } tooMany)
        {
            return tooMany;
        }

        if (values.FirstOrDefault(v => !valid(v)) is { } bad)
        {
            return Problems.BadRequest($"{name} '{Problems.Shown(bad)}' {rule}.", name);
        }

        if (values.Count > 0)
        {
            filter = ListFilter<string>.Of(values, StringComparer.Ordinal);
        }

        return null;
    }

    private static ProblemHttpResult? Values(string name, string[]? raw, out List<string> values)
    {
        values = (raw ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct(StringComparer.Ordinal).ToList();
        return values.Count > Limits.FilterValues
            ? Problems.BadRequest($"{name} may have at most {Limits.FilterValues} values (it has {values.Count}).", name)
            : null;
    }
}
