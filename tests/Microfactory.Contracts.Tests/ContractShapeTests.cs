using Google.Protobuf.Reflection;
using Microfactory.Contracts.Agent.V1;

namespace Microfactory.Contracts.Tests;

/// <summary>The parts of the contract other languages' agents and the transport are built against.</summary>
public sealed class ContractShapeTests
{
    [Fact]
    public void AgentLink_has_a_bidirectional_Connect_and_a_server_streaming_DownloadArtifact()
    {
        var service = Assert.Single(AgentLinkReflection.Descriptor.Services);
        Assert.Equal("microfactory.agent.v1.AgentLink", service.FullName);

        var connect = service.FindMethodByName("Connect");
        Assert.True(connect.IsClientStreaming && connect.IsServerStreaming);
        Assert.Equal(AgentMessage.Descriptor, connect.InputType);
        Assert.Equal(OrchestratorMessage.Descriptor, connect.OutputType);

        var download = service.FindMethodByName("DownloadArtifact");
        Assert.False(download.IsClientStreaming);
        Assert.True(download.IsServerStreaming);
        Assert.Equal(ArtifactRequest.Descriptor, download.InputType);
        Assert.Equal(ArtifactChunk.Descriptor, download.OutputType);
    }

    [Fact]
    public void Every_enum_starts_with_an_unspecified_zero_prefixed_by_its_own_name()
    {
        var enums = SampleCoverageTests.ContractFiles().SelectMany(file => file.EnumTypes).ToList();
        Assert.NotEmpty(enums);
        foreach (var type in enums)
        {
            var prefix = ToUpperSnake(type.Name) + "_";
            Assert.Equal(prefix + "UNSPECIFIED", type.FindValueByNumber(0)?.Name);
            Assert.All(type.Values, value => Assert.StartsWith(prefix, value.Name, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Enrolment_is_a_separate_service_with_one_unary_Enroll()
    {
        var service = Assert.Single(EnrolmentReflection.Descriptor.Services);
        Assert.Equal("microfactory.agent.v1.Enrolment", service.FullName);
        var enroll = Assert.Single(service.Methods);
        Assert.Equal("Enroll", enroll.Name);
        Assert.False(enroll.IsClientStreaming || enroll.IsServerStreaming);
        Assert.Equal((EnrollRequest.Descriptor, EnrollResponse.Descriptor), (enroll.InputType, enroll.OutputType));
    }

    [Fact]
    public void No_message_carries_a_credential()
    {
        // Except the enrolment exchange, whose whole purpose is to trade a one-time token for the credential.
        string[] secretish = ["credential", "token", "password", "secret", "authorization"];
        var fields = SampleCoverageTests.ContractFiles()
            .Where(file => file != EnrolmentReflection.Descriptor)
            .SelectMany(file => file.MessageTypes)
            .SelectMany(type => type.Fields.InFieldNumberOrder());

        Assert.DoesNotContain(fields, field => secretish.Any(word => field.Name.Contains(word, StringComparison.Ordinal)));
    }

    [Fact]
    public void Outbox_kinds_are_the_oneof_cases_that_carry_sequences()
    {
        // The docs promise these oneof tags; a renumbering would break every deployed agent.
        Assert.Equal(
            ["hello:2", "capacity_report:3", "job_update:4", "ack:5", "design_install_ack:6", "heartbeat:7"],
            Tags(AgentMessage.Descriptor));
        Assert.Equal(
            ["welcome:2", "job_assignment:3", "job_cancellation:4", "design_update:5", "ack:6", "notice:7", "operator_confirmation:8"],
            Tags(OrchestratorMessage.Descriptor));
        Assert.Equal(1, AgentMessage.Descriptor.FindFieldByName("sequence").FieldNumber);
        Assert.Equal(1, OrchestratorMessage.Descriptor.FindFieldByName("sequence").FieldNumber);
    }

    private static string[] Tags(MessageDescriptor message) =>
        [.. Assert.Single(message.Oneofs).Fields.Select(field => $"{field.Name}:{field.FieldNumber}")];

    private static string ToUpperSnake(string pascal) =>
        string.Concat(pascal.Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + c : c.ToString())).ToUpperInvariant();
}
