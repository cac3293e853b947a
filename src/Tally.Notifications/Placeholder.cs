namespace Tally.Notifications; internal static class Placeholder { }
