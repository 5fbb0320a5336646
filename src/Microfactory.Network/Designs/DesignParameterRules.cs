using System.Globalization;

namespace Microfactory.Network.Designs;

/// <summary>
/// The rules a design's parameter declarations obey, and how an order's values are checked against them. Errors name
/// the field (<c>parameters.width</c>) and the rule, never the value sent (which may be long, or private).
/// </summary>
public static class DesignParameterRules
{
    public const int MaxParameters = 32;

    public const int MaxTextLength = 1000;

    public const int MaxChoices = 100;

    public const int MaxChoiceLength = 100;

    public const int MaxUnitLength = 32;

    /// <summary>A text parameter declared without a maximum length gets this one.</summary>
    public const int DefaultTextLength = 200;

    /// <summary>The declarations, checked and normalised (a text's default maximum length filled in).</summary>
    /// <exception cref="DomainValidationException">Naming the declaration (<c>parameters[1].max</c>) and the rule.</exception>
    public static IReadOnlyList<DesignParameter> Check(IReadOnlyList<DesignParameter>? declared)
    {
        var list = declared ?? [];
        if (list.Count > MaxParameters)
        {
            throw new DomainValidationException("parameters", $"A design may declare at most {MaxParameters} parameters.");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var checkedList = new List<DesignParameter>(list.Count);
        for (var i = 0; i < list.Count; i++)
        {
            var p = list[i] ?? throw new DomainValidationException($"parameters[{i}]", $"'parameters[{i}]' must be an object.");
            var at = $"parameters[{i}]";
            if (!Ids.IsValid(p.Name))
            {
                throw new DomainValidationException($"{at}.name", $"'{at}.name' must be {Ids.Rule}.");
            }

            if (!names.Add(p.Name))
            {
                throw new DomainValidationException($"{at}.name", $"Parameter '{p.Name}' is declared twice.");
            }

            if (!Enum.IsDefined(p.Type))
            {
                throw new DomainValidationException($"{at}.type", $"'{at}.type' must be Integer, Decimal, Text or Choice.");
            }

            if (p.Unit is { Length: > MaxUnitLength })
            {
                throw new DomainValidationException($"{at}.unit", $"'{at}.unit' may be at most {MaxUnitLength} characters.");
            }

            var normalised = p.Type switch
            {
                ParameterType.Integer or ParameterType.Decimal => CheckNumber(p, at),
                ParameterType.Text => CheckText(p, at),
                _ => CheckChoice(p, at),
            };

            if (p.Required && p.Default is not null)
            {
                throw new DomainValidationException($"{at}.default", $"Parameter '{p.Name}' is required, so it has no default: give one or the other.");
            }

            if (p.Default is not null && Canonical(normalised, p.Default) is { Error: { } rule })
            {
                throw new DomainValidationException($"{at}.default", $"The default of parameter '{p.Name}' {rule}.");
            }

            checkedList.Add(p.Default is null ? normalised : normalised with { Default = Canonical(normalised, p.Default).Value });
        }

        return checkedList;
    }

    /// <summary>
    /// An order's values against its design: every declared parameter gets its value (given, or the default), in its
    /// canonical text; values for undeclared names are refused, as are missing required ones.
    /// </summary>
    /// <exception cref="DomainValidationException">Field <c>parameters.&lt;name&gt;</c>, with the rule broken.</exception>
    public static IReadOnlyDictionary<string, string> Resolve(DesignVersion design, IReadOnlyDictionary<string, string>? values)
    {
        var given = values ?? new Dictionary<string, string>();
        var declared = design.Parameters;
        if (given.Keys.FirstOrDefault(k => !declared.Any(p => p.Name == k)) is { } unknown)
        {
            var known = declared.Count == 0 ? "it declares none" : $"it declares {string.Join(", ", declared.Select(p => p.Name))}";
            throw new DomainValidationException($"parameters.{Shown(unknown)}", $"Design {design.Key} has no parameter '{Shown(unknown)}' ({known}).");
        }

        // Sorted by name, so the view, the job and the fingerprint read the same whatever order the client wrote.
        var resolved = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in declared.OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            var field = $"parameters.{p.Name}";
            if (!given.TryGetValue(p.Name, out var value) || value is null)
            {
                if (p.Default is { } fallback)
                {
                    resolved[p.Name] = fallback;
                    continue;
                }

                if (p.Required)
                {
                    throw new DomainValidationException(field, $"'{field}' is required by design {design.Key}: {Describe(p)}.");
                }

                continue;
            }

            var (canonical, error) = Canonical(p, value);
            if (error is not null)
            {
                throw new DomainValidationException(field, $"'{field}' {error}.");
            }

            resolved[p.Name] = canonical!;
        }

        return resolved;
    }

    /// <summary>The values of <paramref name="values"/> a cell must be set up for: those of parameters that need a changeover.</summary>
    public static string SetupKey(DesignVersion design, IReadOnlyDictionary<string, string> values)
    {
        var setup = design.Parameters.Where(p => p.Changeover && values.ContainsKey(p.Name)).OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => $"{p.Name}={values[p.Name]}");
        return string.Join(";", [design.Key, .. setup]);
    }

    /// <summary>The job's parameters, in name order, each with its unit.</summary>
    public static IReadOnlyList<JobParameter> ForJob(DesignVersion design, IReadOnlyDictionary<string, string> values) =>
        [.. values.OrderBy(v => v.Key, StringComparer.Ordinal)
            .Select(v => new JobParameter(v.Key, v.Value, design.Parameters.FirstOrDefault(p => p.Name == v.Key)?.Unit))];

    /// <summary>The rule in words, e.g. "a decimal number from 10 to 500 mm".</summary>
    public static string Describe(DesignParameter p) => p.Type switch
    {
        ParameterType.Integer => $"a whole number{Bounds(p)}",
        ParameterType.Decimal => $"a decimal number{Bounds(p)}",
        ParameterType.Text => $"a text of at most {p.MaxLength ?? DefaultTextLength} characters",
        _ => $"one of {string.Join(", ", p.Choices ?? [])}",
    };

    private static (string? Value, string? Error) Canonical(DesignParameter p, string value)
    {
        switch (p.Type)
        {
            case ParameterType.Integer:
                if (!long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole) || !InRange(p, whole))
                {
                    return (null, $"must be {Describe(p)}");
                }

                return (whole.ToString(CultureInfo.InvariantCulture), null);
            case ParameterType.Decimal:
                if (!decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number) || !InRange(p, number))
                {
                    return (null, $"must be {Describe(p)}");
                }

                return (number.ToString(CultureInfo.InvariantCulture), null);
            case ParameterType.Text:
                if (value.Length > (p.MaxLength ?? DefaultTextLength) || value.Any(char.IsControl))
                {
                    return (null, $"must be {Describe(p)}, without control characters");
                }

                return (value, null);
            default:
                return p.Choices!.Contains(value, StringComparer.Ordinal) ? (value, null) : (null, $"must be {Describe(p)}");
        }
    }

    private static DesignParameter CheckNumber(DesignParameter p, string at)
    {
        if (p.MaxLength is not null || p.Choices is not null)
        {
            throw new DomainValidationException(at, $"Number parameter '{p.Name}' takes 'min' and 'max', not 'maxLength' or 'choices'.");
        }

        if (p.Type == ParameterType.Integer && ((p.Min is { } lo && lo != decimal.Truncate(lo)) || (p.Max is { } hi && hi != decimal.Truncate(hi))))
        {
            throw new DomainValidationException(at, $"Integer parameter '{p.Name}' needs whole-number bounds.");
        }

        if (p.Min > p.Max)
        {
            throw new DomainValidationException($"{at}.min", $"The 'min' of parameter '{p.Name}' is above its 'max'.");
        }

        return p;
    }

    private static DesignParameter CheckText(DesignParameter p, string at)
    {
        if (p.Min is not null || p.Max is not null || p.Choices is not null)
        {
            throw new DomainValidationException(at, $"Text parameter '{p.Name}' takes 'maxLength', not 'min', 'max' or 'choices'.");
        }

        var max = p.MaxLength ?? DefaultTextLength;
        if (max is < 1 or > MaxTextLength)
        {
            throw new DomainValidationException($"{at}.maxLength", $"The 'maxLength' of parameter '{p.Name}' must be from 1 to {MaxTextLength}.");
        }

        return p with { MaxLength = max };
    }

    private static DesignParameter CheckChoice(DesignParameter p, string at)
    {
        if (p.Min is not null || p.Max is not null || p.MaxLength is not null)
        {
            throw new DomainValidationException(at, $"Choice parameter '{p.Name}' takes 'choices', not 'min', 'max' or 'maxLength'.");
        }

        var choices = p.Choices ?? [];
        if (choices.Count is < 1 or > MaxChoices || choices.Any(c => string.IsNullOrEmpty(c) || c.Length > MaxChoiceLength || c.Any(char.IsControl)))
        {
            throw new DomainValidationException($"{at}.choices",
                $"Parameter '{p.Name}' needs 1 to {MaxChoices} choices, each 1 to {MaxChoiceLength} characters without control characters.");
        }

        if (choices.Distinct(StringComparer.Ordinal).Count() != choices.Count)
        {
            throw new DomainValidationException($"{at}.choices", $"Parameter '{p.Name}' lists a choice twice.");
        }

        return p with { Choices = [.. choices] };
    }

    private static bool InRange(DesignParameter p, decimal value) => (p.Min is not { } min || value >= min) && (p.Max is not { } max || value <= max);

    private static string Bounds(DesignParameter p)
    {
        var unit = string.IsNullOrEmpty(p.Unit) ? "" : " " + p.Unit;
        return (p.Min, p.Max) switch
        {
            ({ } min, { } max) => $" from {Show(min)} to {Show(max)}{unit}",
            ({ } min, null) => $" of at least {Show(min)}{unit}",
            (null, { } max) => $" of at most {Show(max)}{unit}",
            _ => unit.Length == 0 ? "" : $" in{unit}",
        };
    }

    private static string Show(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    // An unknown name is the client's text: shown only when it is a plausible name, so a message never carries megabytes.
    private static string Shown(string name) => Ids.IsValid(name) ? name : "(not a valid parameter name)";
}
