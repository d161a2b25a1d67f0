"""The college evaluates district-oriented working (issue #13): measures per district and period, the involvement
survey, the district profile, the college's decisions, dashboards and the report."""
