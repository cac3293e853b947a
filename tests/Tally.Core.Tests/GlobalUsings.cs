global using Tally.Core.Tests.Support;
global using static Tally.Core.Tests.Support.TestFills;
