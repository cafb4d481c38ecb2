// @generated placeholder until build.rs is wired
