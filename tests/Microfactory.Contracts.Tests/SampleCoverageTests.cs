using Google.Protobuf;
using Google.Protobuf.Reflection;
using Microfactory.Contracts.Agent.V1;

namespace Microfactory.Contracts.Tests;

/// <summary>The round-trip samples must exercise every field of the contract, or a field could drift unnoticed.</summary>
public sealed class SampleCoverageTests
{
    [Fact]
    public void Samples_set_every_field_of_every_contract_message()
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var message in SampleMessages.All.Values)
        {
            CollectSetFields(message, set);
        }

        var contractFields = ContractFiles()
            .SelectMany(file => file.MessageTypes)
            .SelectMany(type => type.Fields.InFieldNumberOrder())
            .Select(field => field.FullName);

        var missing = contractFields.Where(field => !set.Contains(field)).ToList();
        Assert.True(missing.Count == 0, "No sample sets: " + string.Join(", ", missing));
    }

    internal static IEnumerable<FileDescriptor> ContractFiles() =>
        AgentLinkReflection.Descriptor.Dependencies
            .Append(AgentLinkReflection.Descriptor)
            .Append(EnrolmentReflection.Descriptor)
            .Where(file => file.Package == "microfactory.agent.v1");

    private static void CollectSetFields(IMessage message, HashSet<string> set)
    {
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            var value = field.Accessor.GetValue(message);
            var children = value switch
            {
                IMessage child => [child],
                System.Collections.IList list => list.OfType<IMessage>().ToList(),
                _ => new List<IMessage>(),
            };
            if (IsSet(field, message, value))
            {
                set.Add(field.FullName);
            }

            foreach (var child in children)
            {
                CollectSetFields(child, set);
            }
        }
    }

    private static bool IsSet(FieldDescriptor field, IMessage message, object? value) => value switch
    {
        null => false,
        System.Collections.IList list => list.Count > 0,
        _ when field.HasPresence => field.Accessor.HasValue(message),
        string text => text.Length > 0,
        ByteString bytes => !bytes.IsEmpty,
        bool flag => flag,
        Enum item => Convert.ToInt32(item, System.Globalization.CultureInfo.InvariantCulture) != 0,
        _ => !Equals(value, Activator.CreateInstance(value.GetType())),
    };
}
