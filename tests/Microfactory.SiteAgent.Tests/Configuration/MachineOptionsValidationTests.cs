using Microfactory.SiteAgent.Tests.Support;
using Microsoft.Extensions.Options;

namespace Microfactory.SiteAgent.Tests.Configuration;

/// <summary>Bad settings of a Modbus or MQTT cell stop the agent at start with a message naming the key.</summary>
public sealed class MachineOptionsValidationTests
{
    [Theory]
    [InlineData("Agent:Cells:0:Modbus:Host", "", "Agent:Cells:0:Modbus:Host is required")]
    [InlineData("Agent:Cells:0:Modbus:Port", "70000", "Agent:Cells:0:Modbus:Port must be 1 to 65535")]
    [InlineData("Agent:Cells:0:Modbus:UnitId", "300", "Agent:Cells:0:Modbus:UnitId must be 0 to 255")]
    [InlineData("Agent:Cells:0:Modbus:Coils:Start", null, "Agent:Cells:0:Modbus:Coils:Start is required")]
    [InlineData("Agent:Cells:0:Modbus:Registers:Good:Address", null, "Agent:Cells:0:Modbus:Registers:Good:Address is required")]
    [InlineData("Agent:Cells:0:Modbus:Registers:Good:Address", "65535", "Agent:Cells:0:Modbus:Registers:Good:Address must be 0 to 65534 for a UInt32")]
    [InlineData("Agent:Cells:0:Modbus:Registers:Quantity:Table", "Input", "Agent:Cells:0:Modbus:Registers:Quantity:Table must be Holding")]
    [InlineData("Agent:Cells:0:Modbus:Registers:Scrap:Scale", "0", "Agent:Cells:0:Modbus:Registers:Scrap:Scale must be a finite number other than 0")]
    [InlineData("Agent:Cells:0:Modbus:StateValues:Done", "1", "Agent:Cells:0:Modbus:StateValues must give Idle, Running, Done and Fault four different values")]
    [InlineData("Agent:Cells:0:Modbus:Registers:Program:Type", "Int16", null)]
    [InlineData("Agent:Cells:0:Machine:Programs:0:Design", "bracket-a", "Agent:Cells:0:Machine:Programs:0:Design must be a design version")]
    [InlineData("Agent:Cells:0:Machine:Programs:1:Design", "bracket-a@1.0.0", "Agent:Cells:0:Machine:Programs:1:Design 'bracket-a@1.0.0' is listed twice")]
    [InlineData("Agent:Cells:0:Machine:Programs:0:Number", "-1", "Agent:Cells:0:Machine:Programs:0:Number must be the machine's program number")]
    [InlineData("Agent:Cells:0:Machine:PollInterval", "00:00:00", "Agent:Cells:0:Machine:PollInterval must be 00:00:00.010 to 00:01:00")]
    [InlineData("Agent:Cells:0:Machine:MaxReconnectDelay", "00:00:00.010", "Agent:Cells:0:Machine:MaxReconnectDelay must be at least ReconnectDelay")]
    public async Task A_bad_modbus_cell_setting_names_its_key(string key, string? value, string? expected)
    {
        var configuration = MachineAgent.WithModbus(MachineAgent.MachineConfiguration(Unreachable), 502);
        Set(configuration, key, value);
        if (expected is null)
        {
            // A program number that fits: a valid change.
            using var host = AgentHosts.Build(configuration);
            await host.StartAsync().Within("the agent host to start");
            await host.StopAsync().Within("the agent host to stop");
            return;
        }

        var error = await StartFailureAsync(configuration);

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Single(error.Failures);
    }

    [Fact]
    public async Task A_program_number_the_program_register_cannot_hold_is_refused()
    {
        var configuration = MachineAgent.WithModbus(MachineAgent.MachineConfiguration(Unreachable), 502);
        configuration["Agent:Cells:0:Machine:Programs:0:Number"] = "70000";

        var error = await StartFailureAsync(configuration);

        Assert.Contains("Agent:Cells:0:Modbus:Registers:Program (UInt16, scale 1) cannot hold program number 70000 of design 'bracket-a@1.0.0'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Agent:Cells:0:Mqtt:Host", "", "Agent:Cells:0:Mqtt:Host is required")]
    [InlineData("Agent:Cells:0:Mqtt:Password", null, "Agent:Cells:0:Mqtt:Username and Agent:Cells:0:Mqtt:Password go together")]
    [InlineData("Agent:Cells:0:Mqtt:CommandTopic", "factory/+/command", "Agent:Cells:0:Mqtt:CommandTopic must be a plain topic name")]
    [InlineData("Agent:Cells:0:Mqtt:StatusTopic", "", "Agent:Cells:0:Mqtt:StatusTopic is required")]
    [InlineData("Agent:Cells:0:Mqtt:Tls:CaFile", "/nonexistent/ca.pem", "Agent:Cells:0:Mqtt:Tls:CaFile names a file that does not exist")]
    [InlineData("Agent:Cells:0:Mqtt:Tls:ClientCertificateFile", "/nonexistent/client.pem", "Agent:Cells:0:Mqtt:Tls:ClientCertificateFile names a file that does not exist")]
    [InlineData("Agent:Cells:0:Mqtt:Status:Running", "", "Agent:Cells:0:Mqtt:Status:Running must not be empty")]
    public async Task A_bad_mqtt_cell_setting_names_its_key(string key, string? value, string expected)
    {
        var configuration = Mqtt();
        Set(configuration, key, value);

        var error = await StartFailureAsync(configuration);

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_mqtt_cell_without_credentials_is_refused_with_where_to_set_them()
    {
        var configuration = Mqtt();
        configuration.Remove("Agent:Cells:0:Mqtt:Username");
        configuration.Remove("Agent:Cells:0:Mqtt:Password");

        var error = await StartFailureAsync(configuration);

        Assert.Contains("Agent:Cells:0:Mqtt: the broker needs credentials", error.Message, StringComparison.Ordinal);
        Assert.Contains("Agent__Cells__0__Mqtt__Password", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_mqtt_password_is_never_in_a_validation_message()
    {
        var configuration = Mqtt();
        configuration["Agent:Cells:0:Mqtt:Username"] = "";
        configuration["Agent:Cells:0:Mqtt:Password"] = "s3cret-broker-pass";

        var error = await StartFailureAsync(configuration);

        Assert.Contains("Agent:Cells:0:Mqtt:Username and Agent:Cells:0:Mqtt:Password go together", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-broker-pass", error.ToString(), StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> Mqtt()
    {
        var configuration = MachineAgent.MachineConfiguration(Unreachable);
        configuration["Agent:Cells:0:Driver"] = "mqtt";
        configuration["Agent:Cells:0:Mqtt:Host"] = "broker.example";
        configuration["Agent:Cells:0:Mqtt:Username"] = "cell";
        configuration["Agent:Cells:0:Mqtt:Password"] = "pass-pass-pass";
        configuration["Agent:Cells:0:Mqtt:CommandTopic"] = "factory/osaka-01/cnc-1/command";
        configuration["Agent:Cells:0:Mqtt:StatusTopic"] = "factory/osaka-01/cnc-1/status";
        return configuration;
    }

    private static void Set(Dictionary<string, string?> configuration, string key, string? value)
    {
        if (value is null)
        {
            configuration.Remove(key);
        }
        else
        {
            configuration[key] = value;
        }
    }

    private static readonly Uri Unreachable = new("https://orchestrator.example:7443");

    private static async Task<OptionsValidationException> StartFailureAsync(Dictionary<string, string?> configuration)
    {
        using var host = AgentHosts.Build(configuration);
        return await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync().Within("the agent host to refuse to start"));
    }
}
