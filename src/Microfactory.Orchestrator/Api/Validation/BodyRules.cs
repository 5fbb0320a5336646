using System.Globalization;
using Microsoft.OpenApi;

namespace Microfactory.Orchestrator.Api.Validation;

/// <summary>The rules of one request body type: checked at the edge, and written into its OpenAPI schema.</summary>
public interface IBodyRules
{
    Type BodyType { get; }

    void Check(object body, FieldErrors errors, string prefix = "");

    /// <summary>Marks the required properties and writes each property's bounds into the type's schema.</summary>
    void Describe(OpenApiSchema schema);
}

/// <summary>
/// Declares, once per request type, what every field may hold: which fields are required, each string's maximum
/// length, each list's maximum count, each number's range. The same declaration checks requests
/// (<see cref="BodyValidationFilter"/>) and documents them (the OpenAPI schema), so the two cannot disagree.
/// </summary>
public sealed class BodyRules<T> : IBodyRules where T : class
{
    private readonly List<Rule> _rules = [];

    public Type BodyType => typeof(T);

    public IReadOnlyCollection<string> RequiredFields => _rules.Where(r => r.Required).Select(r => r.Field).ToList();

    public BodyRules<T> Text(string field, Func<T, string?> get, int maxLength, bool required = false) => Add(field, required, get,
        (value, errors, path) => CheckLength(value, maxLength, errors, path),
        schema => schema.MaxLength = maxLength);

    public BodyRules<T> Texts(string field, Func<T, IReadOnlyList<string>?> get, int maxItems, int maxLength, bool required = false) => Add(field, required, get,
        (list, errors, path) =>
        {
            if (CheckCount(list, maxItems, errors, path))
            {
                for (var i = 0; i < list.Count; i++)
                {
                    CheckLength(list[i], maxLength, errors, $"{path}[{i}]");
                }
            }
        },
        schema =>
        {
            schema.MaxItems = maxItems;
            if (schema.Items is OpenApiSchema items)
            {
                items.MaxLength = maxLength;
            }
        });

    public BodyRules<T> Number(string field, Func<T, double?> get, double min, double max, bool required = false) => AddValue(field, required, get,
        (value, errors, path) =>
        {
            if (!double.IsFinite(value) || value < min || value > max)
            {
                errors.Value(path, $"must be between {Show(min)} and {Show(max)}");
            }
        },
        schema => Range(schema, Show(min), Show(max)));

    public BodyRules<T> Whole(string field, Func<T, long?> get, long min, long max, bool required = false) => AddValue(field, required, get,
        (value, errors, path) =>
        {
            if (value < min || value > max)
            {
                errors.Value(path, $"must be a whole number from {Show(min)} to {Show(max)}");
            }
        },
        schema => Range(schema, Show(min), Show(max)));

    public BodyRules<T> Wholes(string field, Func<T, IReadOnlyList<int>?> get, int maxItems, int min, int max) => Add(field, false, get,
        (list, errors, path) =>
        {
            if (CheckCount(list, maxItems, errors, path) && list.Any(v => v < min || v > max))
            {
                errors.Value(path, $"must hold whole numbers from {Show(min)} to {Show(max)}");
            }
        },
        schema =>
        {
            schema.MaxItems = maxItems;
            if (schema.Items is OpenApiSchema items)
            {
                Range(items, Show(min), Show(max));
            }
        });

    /// <summary>A duration (JSON "hh:mm:ss" or "d.hh:mm:ss"); <paramref name="exclusiveMin"/> when the minimum itself is refused.</summary>
    public BodyRules<T> Duration(string field, Func<T, TimeSpan?> get, TimeSpan min, TimeSpan max, bool exclusiveMin = false, bool required = false) =>
        AddValue(field, required, get,
            (value, errors, path) =>
            {
                if ((exclusiveMin ? value <= min : value < min) || value > max)
                {
                    errors.Value(path, $"must be {(exclusiveMin ? "more than" : "at least")} {Show(min)} and at most {Show(max)}");
                }
            },
            schema => schema.Description = $"A duration, \"hh:mm:ss\" or \"d.hh:mm:ss\": {(exclusiveMin ? "more than" : "at least")} {Show(min)}, at most {Show(max)}.");

    /// <summary>An object of name: text (an order's parameter values): how many names, and each name's and value's length.</summary>
    public BodyRules<T> Map(string field, Func<T, IReadOnlyDictionary<string, string>?> get, int maxItems, int maxKeyLength, int maxValueLength) => Add(field, false, get,
        (map, errors, path) =>
        {
            if (map.Count > maxItems)
            {
                errors.Shape(path, $"may hold at most {maxItems} names (it holds {map.Count})");
                return;
            }

            // A name over its length is not echoed: it is the client's text and could be megabytes.
            if (map.Keys.Any(k => k.Length > maxKeyLength))
            {
                errors.Shape(path, $"names may be at most {maxKeyLength} characters long");
            }

            foreach (var (name, value) in map.Where(e => e.Key.Length <= maxKeyLength))
            {
                CheckLength(value, maxValueLength, errors, $"{path}.{name}");
            }
        },
        schema =>
        {
            schema.MaxProperties = maxItems;
            schema.Description = $"Name: value (a string or a number); at most {maxItems} names of up to {maxKeyLength} characters, values up to {maxValueLength} characters.";
        });

    /// <summary>A field whose own type has rules (an object), or a list of them.</summary>
    public BodyRules<T> Nested<TItem>(string field, Func<T, TItem?> get, BodyRules<TItem> rules, bool required = false) where TItem : class =>
        Add(field, required, get, (value, errors, path) => rules.Check(value, errors, path + "."), _ => { });

    public BodyRules<T> Each<TItem>(string field, Func<T, IReadOnlyList<TItem>?> get, int maxItems, BodyRules<TItem> rules, bool required = false)
        where TItem : class => Add(field, required, get,
        (list, errors, path) =>
        {
            if (CheckCount(list, maxItems, errors, path))
            {
                for (var i = 0; i < list.Count; i++)
                {
                    rules.Check(list[i], errors, $"{path}[{i}].");
                }
            }
        },
        schema => schema.MaxItems = maxItems);

    /// <summary>Required, with no bound of its own (a date, a flag).</summary>
    public BodyRules<T> Present(string field, Func<T, object?> get) => Add<object>(field, true, get, (_, _, _) => { }, _ => { });

    public void Check(object body, FieldErrors errors, string prefix = "")
    {
        foreach (var rule in _rules)
        {
            rule.Check((T)body, errors, prefix + rule.Field);
        }
    }

    public void Describe(OpenApiSchema schema)
    {
        schema.Required = new HashSet<string>(RequiredFields, StringComparer.Ordinal);
        foreach (var rule in _rules)
        {
            if (schema.Properties is { } properties && properties.TryGetValue(rule.Field, out var found) && found is OpenApiSchema property)
            {
                rule.Describe(property);
            }
        }
    }

    private BodyRules<T> Add<TValue>(string field, bool required, Func<T, TValue?> get, Action<TValue, FieldErrors, string> check, Action<OpenApiSchema> describe)
        where TValue : class
    {
        _rules.Add(new Rule(field, required, (body, errors, path) =>
        {
            var value = get(body);
            if (value is null)
            {
                if (required)
                {
                    errors.Missing(path);
                }

                return;
            }

            check(value, errors, path);
        }, describe));
        return this;
    }

    // For value types: a null Nullable<TValue> is "absent" like a null reference.
    private BodyRules<T> AddValue<TValue>(string field, bool required, Func<T, TValue?> get, Action<TValue, FieldErrors, string> check, Action<OpenApiSchema> describe)
        where TValue : struct =>
        Add<object>(field, required, body => get(body) is { } v ? v : null, (value, errors, path) => check((TValue)value, errors, path), describe);

    private static void CheckLength(string value, int maxLength, FieldErrors errors, string path)
    {
        if (value.Length > maxLength)
        {
            errors.Shape(path, $"may be at most {maxLength} characters long (it is {value.Length})");
        }
    }

    private static bool CheckCount<TItem>(IReadOnlyList<TItem> list, int maxItems, FieldErrors errors, string path)
    {
        if (list.Count <= maxItems)
        {
            return true;
        }

        errors.Shape(path, $"may hold at most {maxItems} items (it holds {list.Count})");
        return false;
    }

    private static void Range(OpenApiSchema schema, string min, string max)
    {
        schema.Minimum = min;
        schema.Maximum = max;
    }

    private static string Show(double value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Show(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Show(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);

    private sealed record Rule(string Field, bool Required, Action<T, FieldErrors, string> Check, Action<OpenApiSchema> Describe);
}
