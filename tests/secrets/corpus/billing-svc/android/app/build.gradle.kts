android {
    defaultConfig {
        applicationId = "invalid.tally.billing"
        buildConfigField("String", "MAPS_KEY", "\"AIzak12niOg3qq9d_JxsdB7uISMm8pBOYZa4Ixr\"")
    }
}
