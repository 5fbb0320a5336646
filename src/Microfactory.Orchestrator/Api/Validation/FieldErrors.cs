using Microfactory.Orchestrator.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Microfactory.Orchestrator.Api.Validation;

/// <summary>
/// What is wrong with a request, field by field. Shape errors (a missing field, a string or list over its maximum)
/// are 400; value errors (a number out of its range) are 422, as the domain's own value checks are. Messages say the
/// field and the rule and never repeat the value, which may be megabytes long.
/// </summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _shape = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _value = new(StringComparer.Ordinal);

    public bool Any => _shape.Count > 0 || _value.Count > 0;

    /// <summary>A required field is absent (or null).</summary>
    public void Missing(string field) => Add(_shape, field, "is required");

    /// <summary>A size bound: too long a string, too many items.</summary>
    public void Shape(string field, string rule) => Add(_shape, field, rule);

    /// <summary>A value bound: a number or duration outside its range.</summary>
    public void Value(string field, string rule) => Add(_value, field, rule);

    public ProblemHttpResult? ToProblem()
    {
        if (_shape.Count > 0)
        {
            var missing = _shape.Where(e => e.Value.Contains("is required")).Select(e => e.Key).ToList();
            var detail = missing.Count == _shape.Count
                ? $"Missing required fields: {string.Join(", ", missing)}."
                : Sentence(_shape);
            return Problems.Validation(StatusCodes.Status400BadRequest, detail, _shape);
        }

        return _value.Count > 0 ? Problems.Validation(StatusCodes.Status422UnprocessableEntity, Sentence(_value), _value) : null;
    }

    private static string Sentence(Dictionary<string, List<string>> errors) =>
        string.Join(" ", errors.SelectMany(e => e.Value.Select(rule => $"'{e.Key}' {rule}.")));

    private static void Add(Dictionary<string, List<string>> errors, string field, string rule)
    {
        if (!errors.TryGetValue(field, out var rules))
        {
            errors[field] = rules = [];
        }

        rules.Add(rule);
    }
}
