using System.Collections;
using System.Globalization;
using System.Reflection;

namespace Microfactory.Deployment.Tests.Apps;

/// <summary>
/// Whether a configuration key (colon-separated, case-insensitive like .NET configuration) lands on a property the
/// configuration binder would set: walks the options type by reflection, so renaming a property changes the answer.
/// </summary>
public static class BindableKeys
{
    public static bool Binds(Type options, IReadOnlyList<string> segments) => Binds(options, segments, 0);

    private static bool Binds(Type type, IReadOnlyList<string> segments, int index)
    {
        if (index == segments.Count)
        {
            // A value set on a section with children is ignored by the binder, so only leaves count.
            return IsLeaf(type);
        }

        if (IsLeaf(type))
        {
            return false;
        }

        if (DictionaryValueType(type) is { } valueType)
        {
            return segments[index].Length > 0 && Binds(valueType, segments, index + 1);
        }

        if (ElementType(type) is { } elementType)
        {
            return int.TryParse(segments[index], NumberStyles.None, CultureInfo.InvariantCulture, out _) && Binds(elementType, segments, index + 1);
        }

        var property = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .FirstOrDefault(p => p.GetIndexParameters().Length == 0 && string.Equals(p.Name, segments[index], StringComparison.OrdinalIgnoreCase));
        if (property is null || property.GetMethod is not { IsPublic: true })
        {
            return false;
        }

        // The binder sets leaves only through a public setter; collections and nested objects it can fill in place.
        var settable = property.SetMethod is { IsPublic: true };
        return (settable || !IsLeaf(property.PropertyType)) && Binds(property.PropertyType, segments, index + 1);
    }

    private static bool IsLeaf(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(TimeSpan) || t == typeof(Uri)
            || t == typeof(DateTime) || t == typeof(DateTimeOffset) || t == typeof(Guid);
    }

    private static Type? DictionaryValueType(Type type) =>
        Generic(type, typeof(IDictionary<,>)) is { } args && args[0] == typeof(string) ? args[1] : null;

    private static Type? ElementType(Type type) =>
        type.IsArray ? type.GetElementType()
        : typeof(IEnumerable).IsAssignableFrom(type) ? Generic(type, typeof(IEnumerable<>))?[0]
        : null;

    private static Type[]? Generic(Type type, Type definition) =>
        (type.IsGenericType && type.GetGenericTypeDefinition() == definition ? type : null)?.GetGenericArguments()
        ?? type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == definition)?.GetGenericArguments();
}
